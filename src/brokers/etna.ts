import * as v from 'valibot';
import { DEFAULT_TEXTS, brokerError, cleanReason, statusError, withReason } from './errors.ts';
import { failed, guard } from './guard.ts';
import { checkTokens, usableHeaderValue, type TokenRules } from './header-values.ts';
import { send, unexpectedBody } from './http.ts';
import type { HttpResponse } from './http.ts';
import { brokerText, challengeOf } from './messages.ts';
import type {
  BrokerError,
  BrokerProfile,
  BrokerProtocol,
  EtnaPending,
  LoginStep,
  ProtocolDeps,
} from './types.ts';

export const ETNA_TOKEN_PATH = '/token';
/** ETNA reports no lifetime; its docs say 24 h (some deployments end idle sessions sooner). */
export const ETNA_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The profile's own lifetime for its deployment, when it has a usable one. */
export function etnaLifetimeMs(profile: BrokerProfile): number {
  const sec = profile.tokenLifetimeSec;
  return typeof sec === 'number' && Number.isFinite(sec) && sec > 0 ? sec * 1000 : ETNA_TOKEN_LIFETIME_MS;
}

const NonEmpty = v.pipe(v.string(), v.minLength(1));
/**
 * ETNA does not document its token's format (it is an opaque ticket, not a JWT), so it is held
 * only to what a header can carry; there is no refresh token. The interim token is checked too:
 * it goes back in the second request's Authorization header.
 */
const TOKEN_RULES: TokenRules = { access: 'visible-word', refresh: 'visible-word' };
const AppKeyError = v.object({ error: v.pipe(v.string(), v.regex(/application key/i)) });
const StateBody = v.object({
  State: v.string(),
  Step: v.optional(v.string()),
  Reason: v.optional(v.unknown()),
  Token: v.optional(v.string()),
});
type State = v.InferOutput<typeof StateBody>;

/** One `/token` request: who signs in, at which step, and what must never show in a message. */
interface Attempt {
  username: string;
  password: string;
  /** Set on the second request. */
  pending?: EtnaPending;
  secrets: readonly string[];
  now: number;
  lifetimeMs: number;
}

/**
 * Credentials travel as headers, and `fetch` rejects non-Latin-1 values and silently trims
 * surrounding blanks: refuse those up front instead of failing with a misleading error.
 */
function headerSafe(value: string): boolean {
  // Printable Latin-1 only: no control characters (CR, LF, NUL break a header), nothing above U+00FF.
  return value === value.trim() && /^[\x20-\x7e\xa0-\xff]*$/.test(value);
}

function pinStep(step: string | undefined): boolean {
  // The documented spelling is `SecutityPin` (sic); accept the corrected one too.
  return step === 'SecutityPin' || step === 'SecurityPin';
}

function challenge(state: State, interimToken: string, attempt: Attempt): LoginStep {
  const pin = pinStep(state.Step);
  const { username, password } = attempt;
  const step = pin ? 'SecutityPin' : 'VerificationCode';
  const startedAt = attempt.pending?.startedAt ?? attempt.now;
  const pending: EtnaPending = { broker: 'etna', step, username, password, interimToken, startedAt };
  const reason = cleanReason(state.Reason, [...attempt.secrets, interimToken]);
  const prompt = pin
    ? brokerText('brokerEnterPin')
    : withReason(brokerText('brokerEnterCodeByEmailOrSms'), reason);
  return { kind: 'challenge', challenge: challengeOf(pin ? 'pin' : 'code', prompt), pending };
}

const EXPIRED = brokerText('brokerStepExpired');
const BAD_CREDENTIALS = brokerText('brokerInvalidCredentials');

function stateFailure(state: State, attempt: Attempt): BrokerError {
  const reason = cleanReason(state.Reason, attempt.secrets);
  if (state.Step === 'BaseAuthentication' || attempt.pending === undefined) {
    return brokerError('invalid-credentials', withReason(BAD_CREDENTIALS, reason));
  }
  // "Corrupted ticket" is ETNA's word for an interim token it no longer accepts.
  if (/corrupt|expire|ticket/i.test(reason ?? '')) {
    return brokerError('challenge-expired', withReason(EXPIRED, reason));
  }
  const sentence = brokerText(pinStep(state.Step) ? 'brokerPinNotAccepted' : 'brokerCodeNotAccepted');
  return brokerError('invalid-code', withReason(sentence, reason));
}

function answer(response: HttpResponse, attempt: Attempt): LoginStep {
  const common = statusError(response.status, response.headers, attempt.now);
  if (common !== undefined) return failed(common);
  const appKey = v.safeParse(AppKeyError, response.data);
  if (appKey.success) {
    const reason = cleanReason(appKey.output.error, attempt.secrets);
    return failed(brokerError('app-key-rejected', withReason(DEFAULT_TEXTS['app-key-rejected'], reason)));
  }
  const parsed = v.safeParse(StateBody, response.data);
  const state = parsed.success ? parsed.output : undefined;
  const token = v.safeParse(NonEmpty, state?.Token);
  if (state?.State === 'Succeeded' && token.success) {
    return checkTokens(
      { accessToken: token.output, expiresAt: attempt.now + attempt.lifetimeMs },
      TOKEN_RULES,
    );
  }
  const knownStep = state?.Step === 'VerificationCode' || pinStep(state?.Step);
  if (state?.State === 'Expecting' && knownStep && token.success) {
    const interim = checkTokens({ accessToken: token.output, expiresAt: 0 }, TOKEN_RULES);
    return interim.kind === 'failed' ? interim : challenge(state, token.output, attempt);
  }
  if (state?.State === 'Failed') return failed(stateFailure(state, attempt));
  if (response.status === 401 || response.status === 403) {
    // On the second request a bare 401 means the interim token was refused (expired).
    const second = attempt.pending !== undefined;
    return failed(
      brokerError(second ? 'challenge-expired' : 'invalid-credentials', second ? EXPIRED : BAD_CREDENTIALS),
    );
  }
  if (response.status >= 300) {
    return failed(brokerError('bad-response', brokerText('brokerRefusedSignIn', response.status)));
  }
  return failed(unexpectedBody(response));
}

async function request(
  profile: BrokerProfile,
  attempt: Omit<Attempt, 'now' | 'lifetimeMs'>,
  extra: Record<string, string>,
  deps: ProtocolDeps,
): Promise<LoginStep> {
  const appKey = profile.appKey?.trim() ?? '';
  if (appKey === '') {
    return failed(brokerError('app-key-rejected', brokerText('brokerNoAppKey')));
  }
  // It goes into every header rule too, where one bad value makes the browser refuse them all.
  if (!usableHeaderValue(appKey)) {
    return failed(brokerError('app-key-rejected', brokerText('brokerAppKeyNotHeaderSafe')));
  }
  const headers = { Username: attempt.username, Password: attempt.password, 'Et-App-Key': appKey, ...extra };
  const sent = await send(profile, { method: 'POST', path: ETNA_TOKEN_PATH, headers }, deps);
  if (!sent.ok) return failed(sent.error);
  return answer(sent.response, { ...attempt, now: deps.now(), lifetimeMs: etnaLifetimeMs(profile) });
}

export const etna: BrokerProtocol = {
  login: (profile, { username, password }, deps) =>
    guard(
      () => [password],
      async () => {
        if (!headerSafe(username) || !headerSafe(password)) {
          return failed(brokerError('invalid-credentials', brokerText('brokerCredentialsNotHeaderSafe')));
        }
        return request(profile, { username, password, secrets: [password] }, {}, deps);
      },
    ),

  answerChallenge: (profile, pending, code, deps) => {
    const secrets = () => [
      code,
      code.replace(/\s+/g, ''),
      ...(pending.broker === 'etna' ? [pending.password, pending.interimToken] : []),
    ];
    return guard(secrets, async () => {
      if (pending.broker !== 'etna')
        return failed(brokerError('bad-response', brokerText('brokerNotEtnaChallenge')));
      const typed = code.replace(/\s+/g, '');
      if (typed === '' || !headerSafe(typed)) {
        return failed(brokerError('invalid-code', brokerText('brokerEnterCodeLettersDigits')));
      }
      const extra = {
        Authorization: `Bearer ${pending.interimToken}`,
        [pending.step === 'SecutityPin' ? 'PinCode' : 'VerificationCode']: typed,
      };
      const { username, password } = pending;
      return request(profile, { username, password, pending, secrets: secrets() }, extra, deps);
    });
  },

  requestHeaders: (profile, tokens) => [
    { name: 'Authorization', value: `Bearer ${tokens.accessToken}` },
    ...(profile.appKey?.trim() ? [{ name: 'Et-App-Key', value: profile.appKey.trim() }] : []),
  ],
};
