import fc from 'fast-check';
import * as v from 'valibot';
import { BROKER_MESSAGES, englishOf, valuesOf } from '../../../src/brokers/messages.ts';
import type { BrokerMessageKey, BrokerText } from '../../../src/brokers/messages.ts';

/**
 * Arbitrary broker answers for the property tests. Answers are descriptions, turned into a fresh
 * Response at call time (with the secrets filled in), so that fast-check can replay and shrink them.
 */

/** Secrets carry a marker no fixed message contains, so a hit is a real leak, not a coincidence. */
const secret = fc.stringMatching(/^[A-Za-z0-9]{4,16}$/).map((s) => `~s3cr3t-${s}`);

export const secretsArb = fc.record({
  password: secret,
  accessToken: secret,
  refreshToken: secret,
  interimToken: secret,
  session: secret,
  oneTimeToken: secret,
  code: fc.oneof(fc.stringMatching(/^\d{6}$/), secret),
});
export type Secrets = typeof secretsArb extends fc.Arbitrary<infer T> ? T : never;

/** Words the protocols look for, so that generated bodies reach the deep branches too. */
const keywords = fc.constantFrom(
  ...['Succeeded', 'Expecting', 'Failed', 'VerificationCode', 'SecutityPin', 'BaseAuthentication'],
  ...['SOFTWARE_TOKEN_MFA', 'CHALLENGE_REQUIRED', '1.2.0.11', '2.0.2.4', '2.147.1.27', 'Corrupted ticket'],
  ...['Application key is not defined or does not exist', 'Token is not valid', 'te-trader', 'Bearer x'],
);

/** Placeholders for the secrets, filled in by `fetchFor`, so that bodies can echo what was sent. */
const SECRET_NAMES = [
  'password',
  'accessToken',
  'refreshToken',
  'interimToken',
  'session',
  'oneTimeToken',
  'code',
];
const placeholder = fc.constantFrom(...SECRET_NAMES.map((name) => `%%${name}%%`));

/** Broker text; often an echo of a secret, the case that must never reach a message. */
const text = fc.oneof(
  fc.string(),
  keywords,
  placeholder,
  placeholder.map((p) => `Invalid value ${p} rejected`),
  fc.tuple(keywords, placeholder).map(([k, p]) => `${k}: ${p}`),
);

/** The field names of every documented shape, so generated objects look almost right. */
const SHAPES = [
  ['awsUsername', 'session', 'challengeName', 'status'],
  ['refreshToken', 'expirationTime', 'isAppConnected'],
  ['expirationTime'],
  ['timestamp', 'status', 'path', 'errorCode', 'error', 'errors'],
  ['State', 'Step', 'Reason', 'Token'],
  ['State', 'Token'],
  ['error'],
  ['Message'],
  ['accessToken', 'accessTokenLifeTime', 'refreshToken', 'refreshTokenLifeTime'],
  ['errors'],
  ['login'],
];

const item = fc.record(
  { code: fc.oneof(text, fc.integer()), message: text, description: text },
  { requiredKeys: [] },
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  text,
  fc.integer({ min: -1e13, max: 1e13 }),
  fc.constantFrom(0, 60, 3600, 1758546865, 1758546865123, Number.MAX_SAFE_INTEGER, -1, 0.5),
  fc.boolean(),
  fc.constant(null),
  fc.array(item, { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const shaped = fc.oneof(
  ...SHAPES.map((keys) =>
    fc.record(Object.fromEntries(keys.map((key) => [key, value])), { requiredKeys: [] }),
  ),
);

const body: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: shaped.map((b) => JSON.stringify(b)) },
  { weight: 2, arbitrary: fc.jsonValue().map((b) => JSON.stringify(b) ?? '') },
  { weight: 2, arbitrary: text },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: text.map((t) => `<!DOCTYPE html><html><body>${t}</body></html>`) },
  { weight: 1, arbitrary: shaped.map((b) => JSON.stringify(b).slice(0, -1)) },
  { weight: 1, arbitrary: fc.constant('{'.repeat(3000)) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(1024 * 1024 + 1)) },
);

const headerValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/);

const headers: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'authorization',
      'retry-after',
      'content-type',
      'content-length',
      'location',
      'x-anything',
    ),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
  ),
  fc.oneof(
    headerValue,
    placeholder,
    placeholder.map((p) => `Bearer ${p}`),
    // A redirect's target is put into the message: one that echoes a secret must not get through.
    placeholder.map((p) => `https://${p}.other.test/${p}`),
    fc.constantFrom(
      'application/json',
      'text/html',
      '0',
      '5',
      'Wed, 21 Oct 2099 07:28:00 GMT',
      '99999999999',
    ),
  ),
  { maxKeys: 4 },
);

export type ReplySpec =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'reject'; error: unknown }
  | { kind: 'broken-body'; status: number; error: unknown }
  | { kind: 'hang' }
  | { kind: 'junk'; value: unknown };

const thrown = fc.oneof(
  fc.constant(new TypeError('fetch failed')),
  fc.constant(new DOMException('The operation timed out.', 'TimeoutError')),
  fc.constant(new DOMException('aborted', 'AbortError')),
  fc.string().map((m) => new Error(m)),
  fc.anything(),
);

export const replyArb: fc.Arbitrary<ReplySpec> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('response' as const),
      status: fc.oneof(
        fc.integer({ min: 200, max: 599 }),
        fc.constantFrom(200, 202, 307, 308, 400, 401, 403, 429, 500),
      ),
      headers,
      body,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reject' as const), error: thrown }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('broken-body' as const),
      status: fc.constant(200),
      error: thrown,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'hang' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('junk' as const), value: fc.anything() }) },
);

function fill(text: string, secrets: Secrets): string {
  return text.replace(/%%(\w+)%%/g, (match, name: string) => secrets[name as keyof Secrets] ?? match);
}

/** A `fetch` that plays one ReplySpec, building a valid Response for any status. */
export function fetchFor(spec: ReplySpec, secrets: Secrets): typeof fetch {
  return (async (_input: RequestInfo | URL, init?: RequestInit) => {
    switch (spec.kind) {
      case 'reject':
        throw spec.error;
      case 'junk':
        return spec.value;
      case 'hang':
        return new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        });
      case 'broken-body':
        return new Response(new ReadableStream({ pull: (c) => c.error(spec.error) }), {
          status: spec.status,
        });
      case 'response': {
        // The Response constructor refuses a body on null-body statuses.
        const nullBody = [204, 205, 304].includes(spec.status);
        const headers = Object.fromEntries(
          Object.entries(spec.headers).map(([k, v]) => [k, fill(v, secrets)]),
        );
        return new Response(nullBody ? null : fill(spec.body, secrets), { status: spec.status, headers });
      }
    }
  }) as typeof fetch;
}

const keys = Object.keys(BROKER_MESSAGES) as BrokerMessageKey[];
/** A message key of the table, with values that are words or texts themselves. */
const TextShape: v.GenericSchema<BrokerText> = v.strictObject({
  key: v.picklist(keys),
  subs: v.optional(v.array(v.union([v.string(), v.lazy(() => TextShape)]))),
});
/** The English message is the text put into words: the two never say different things. */
const saysText = (what: { message: string; text: BrokerText }) => what.message === englishOf(what.text);

const ErrorShape = v.pipe(
  v.strictObject({
    code: v.picklist([
      'invalid-credentials',
      'invalid-code',
      'challenge-expired',
      'app-key-rejected',
      'rate-limited',
      'no-api-access',
      'session-expired',
      'network',
      'timeout',
      'server-error',
      'bad-response',
      'redirected',
    ]),
    message: v.pipe(v.string(), v.minLength(10)),
    text: TextShape,
    retryAfterMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
  v.check((error) => saysText(error), 'message differs from its text'),
);
const Failed = v.strictObject({ kind: v.literal('failed'), error: ErrorShape });
const NonEmpty = v.pipe(v.string(), v.minLength(1));
const Time = v.pipe(v.number(), v.finite());
const TokensShape = v.strictObject({
  accessToken: NonEmpty,
  expiresAt: Time,
  refreshToken: v.optional(NonEmpty),
  refreshExpiresAt: v.optional(Time),
});
const Active = v.strictObject({ kind: v.literal('active'), tokens: TokensShape });
const PendingShape = v.union([
  v.strictObject({
    broker: v.literal('volven'),
    awsUsername: NonEmpty,
    session: NonEmpty,
    challengeName: NonEmpty,
    status: v.string(),
    startedAt: Time,
  }),
  v.strictObject({
    broker: v.literal('etna'),
    step: v.picklist(['VerificationCode', 'SecutityPin']),
    username: v.string(),
    password: v.string(),
    interimToken: NonEmpty,
    startedAt: Time,
  }),
]);
const ChallengeStep = v.strictObject({
  kind: v.literal('challenge'),
  challenge: v.pipe(
    v.strictObject({ type: v.picklist(['totp', 'code', 'pin']), message: NonEmpty, text: TextShape }),
    v.check((prompt) => saysText(prompt), 'prompt differs from its text'),
  ),
  pending: PendingShape,
});

export const ResultShapes = {
  login: v.union([Active, ChallengeStep, Failed]),
  refresh: v.union([Active, Failed]),
  verify: v.union([
    v.strictObject({ valid: v.literal(true), login: NonEmpty }),
    v.pipe(
      v.strictObject({
        valid: v.literal(false),
        reason: v.pipe(v.string(), v.minLength(3)),
        reasonText: v.optional(TextShape),
      }),
      v.check(
        ({ reason, reasonText }) => reasonText === undefined || reason === englishOf(reasonText),
        'reason differs from its text',
      ),
    ),
    Failed,
  ]),
};

type Said = { message?: unknown; text?: BrokerText };

/** Every text in a result meant for a person: messages, not-valid reasons, and the values in their texts. */
export function messagesOf(result: unknown): string[] {
  if (typeof result !== 'object' || result === null) return [];
  const r = result as { error?: Said; reason?: unknown; reasonText?: BrokerText; challenge?: Said };
  const texts = [r.error?.text, r.reasonText, r.challenge?.text].filter((t) => t !== undefined);
  return [r.error?.message, r.reason, r.challenge?.message, ...texts.flatMap(valuesOf)].filter(
    (m): m is string => typeof m === 'string',
  );
}
