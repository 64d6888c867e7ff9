// Property tests: whatever a broker (or the network) answers, every operation returns a typed
// value, never throws, and never puts a secret it handled into a message.
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../../src/brokers/errors.ts';
import { joinUrl } from '../../../src/brokers/http.ts';
import { brokers } from '../../../src/brokers/index.ts';
import type {
  BrokerId,
  BrokerProfile,
  PendingChallenge,
  ProtocolDeps,
  Tokens,
} from '../../../src/brokers/types.ts';
import { ResultShapes, fetchFor, messagesOf, replyArb, secretsArb } from './arbitraries.ts';
import type { ReplySpec, Secrets } from './arbitraries.ts';

const NUM_RUNS = 300;

const scenarioArb = fc.record({
  secrets: secretsArb,
  reply: replyArb,
  baseUrl: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom('https://b.test', 'http://127.0.0.1:9/api/', 'https://b.test:8443/p/rest'),
    },
    { weight: 1, arbitrary: fc.oneof(fc.webUrl(), fc.string()) },
  ),
  appKey: fc.option(fc.oneof(fc.constant('demo-app-key'), fc.string()), { nil: undefined }),
  now: fc.oneof(fc.constant(Date.UTC(2025, 0, 1)), fc.integer({ min: 0, max: 4e12 })),
  oldChallenge: fc.boolean(),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function setup(broker: BrokerId, s: Scenario) {
  const profile: BrokerProfile = { broker, apiBaseUrl: s.baseUrl, appKey: s.appKey };
  const deps: ProtocolDeps = { fetch: fetchFor(s.reply, s.secrets), now: () => s.now, timeoutMs: 5 };
  const tokens: Tokens = {
    accessToken: s.secrets.accessToken,
    expiresAt: s.now,
    refreshToken: s.secrets.refreshToken,
  };
  const startedAt = s.oldChallenge ? s.now - 10 * 60_000 : s.now;
  const pending: PendingChallenge =
    broker === 'etna'
      ? {
          broker: 'etna',
          step: s.oldChallenge ? 'SecutityPin' : 'VerificationCode',
          username: 'etna-trader',
          password: s.secrets.password,
          interimToken: s.secrets.interimToken,
          startedAt,
        }
      : {
          broker: 'volven',
          awsUsername: '9205eec4',
          session: s.secrets.session,
          challengeName: 'SOFTWARE_TOKEN_MFA',
          status: 'CHALLENGE_REQUIRED',
          startedAt,
        };
  return { protocol: brokers[broker], profile, deps, tokens, pending };
}

function check(result: unknown, shape: keyof typeof ResultShapes, leaks: string[], reply: ReplySpec) {
  const parsed = v.safeParse(ResultShapes[shape], result);
  expect(
    parsed.success,
    `untyped result ${JSON.stringify(result)} for ${JSON.stringify(reply).slice(0, 300)}`,
  ).toBe(true);
  for (const message of messagesOf(result)) {
    for (const leak of leaks) expect(message, 'a secret reached a message').not.toContain(leak);
  }
}

const runs = { numRuns: NUM_RUNS };
const ids: BrokerId[] = ['volven', 'etna', 'traderevolution'];

describe.each(ids)('%s under arbitrary answers', (broker) => {
  it('login is typed and leaks nothing', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const { protocol, profile, deps } = setup(broker, s);
        const result = await protocol.login(
          profile,
          { username: 'user', password: s.secrets.password },
          deps,
        );
        check(result, 'login', [s.secrets.password], s.reply);
      }),
      runs,
    );
  });

  it('answerChallenge is typed and leaks nothing', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const { protocol, profile, deps, pending } = setup(broker, s);
        const result = await protocol.answerChallenge(profile, pending, s.secrets.code, deps);
        // Only what this broker's challenge step holds: Volven never sees the password again.
        const { password, interimToken, session, code } = s.secrets;
        const held = {
          volven: [session, code],
          etna: [password, interimToken, code],
          traderevolution: [code],
        };
        check(result, 'login', held[broker], s.reply);
      }),
      runs,
    );
  });

  it('requestHeaders always gives name/value pairs with the bearer token', () => {
    fc.assert(
      fc.property(secretsArb, fc.option(fc.string(), { nil: undefined }), (secrets: Secrets, appKey) => {
        const profile: BrokerProfile = { broker, apiBaseUrl: 'https://b.test', appKey };
        const headers = brokers[broker].requestHeaders(profile, {
          accessToken: secrets.accessToken,
          expiresAt: 0,
        });
        expect(headers[0]).toEqual({ name: 'Authorization', value: `Bearer ${secrets.accessToken}` });
        for (const header of headers) expect(Object.keys(header).sort()).toEqual(['name', 'value']);
      }),
    );
  });
});

describe.each(ids.filter((id) => brokers[id].refresh !== undefined))(
  '%s refresh under arbitrary answers',
  (broker) => {
    it('is typed and leaks nothing', async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (s) => {
          const { protocol, profile, deps, tokens } = setup(broker, s);
          const result = await protocol.refresh?.(profile, tokens, deps);
          check(result, 'refresh', [s.secrets.accessToken, s.secrets.refreshToken], s.reply);
        }),
        runs,
      );
    });
  },
);

describe.each(ids.filter((id) => brokers[id].verifyOneTimeToken !== undefined))(
  '%s verifyOneTimeToken under arbitrary answers',
  (broker) => {
    it('is typed and leaks nothing', async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (s) => {
          const { protocol, profile, deps, tokens } = setup(broker, s);
          const result = await protocol.verifyOneTimeToken?.(profile, tokens, s.secrets.oneTimeToken, deps);
          const { accessToken, refreshToken, oneTimeToken } = s.secrets;
          check(result, 'verify', [accessToken, refreshToken, oneTimeToken], s.reply);
        }),
        runs,
      );
    });
  },
);

describe('pure helpers under arbitrary input', () => {
  it('joinUrl keeps the base and appends the path with exactly one slash', () => {
    const segment = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    fc.assert(
      fc.property(
        fc.constantFrom('http://h.test', 'https://h.test:8443', 'http://127.0.0.1:47803'),
        fc.array(segment, { maxLength: 3 }),
        fc.boolean(),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        (origin, prefix, trailing, path) => {
          const base = `${origin}${prefix.map((p) => `/${p}`).join('')}${trailing ? '/' : ''}`;
          const url = joinUrl(base, `/${path.join('/')}`);
          expect(url?.href).toBe(
            `${new URL(origin).origin}${[...prefix, ...path].map((p) => `/${p}`).join('')}`,
          );
        },
      ),
    );
  });

  it('parseRetryAfter returns undefined or a delay between 0 and a day', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.nat().map(String),
          fc.date().map((d) => d.toUTCString()),
        ),
        (value) => {
          const delay = parseRetryAfter(value, Date.UTC(2025, 0, 1));
          if (delay !== undefined) expect(delay >= 0 && delay <= MAX_RETRY_AFTER_MS).toBe(true);
        },
      ),
    );
  });
});
