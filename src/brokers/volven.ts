import * as v from 'valibot';
import { brokerError, cleanReason, refused, statusError, withReason } from './errors.ts';
import { crossCheckExpiry, normaliseExpiry } from './expiry.ts';
import { failed, guard } from './guard.ts';
import type { Failed } from './guard.ts';
import { checkTokens, type TokenRules } from './header-values.ts';
import { send, unexpectedBody } from './http.ts';
import type { HttpResponse } from './http.ts';
import { brokerText, challengeOf, englishOf } from './messages.ts';
import type {
  BrokerProfile,
  BrokerProtocol,
  LoginStep,
  ProtocolDeps,
  Tokens,
  VolvenPending,
} from './types.ts';

export const VOLVEN_LOGIN_PATH = '/httpserver/main/v2/auth/login';
/** The challenge `session` lives "minutes"; past this age a refusal means it expired, not a typo. */
export const VOLVEN_CHALLENGE_LIFETIME_MS = 3 * 60 * 1000;
const TOTP_PROMPT = brokerText('brokerEnterTotp');
export const VOLVEN_TOTP_MESSAGE = englishOf(TOTP_PROMPT);

const Expiration = v.pipe(v.number(), v.finite(), v.minValue(0));
const NonEmpty = v.pipe(v.string(), v.minLength(1));
/**
 * Cognito's tokens: the access token is a JWT (a bearer b64token); the refresh token goes back in
 * a JSON body, not a header, but is kept and bounded like any token (it is a JWE, visible ASCII).
 */
const TOKEN_RULES: TokenRules = { access: 'b64token', refresh: 'visible-word' };
const ChallengeBody = v.object({
  awsUsername: NonEmpty,
  session: NonEmpty,
  challengeName: NonEmpty,
  status: v.string(),
});
const SuccessBody = v.object({ refreshToken: v.optional(NonEmpty), expirationTime: Expiration });
/** Volven's own error shape, and what an API in front of Cognito may pass through (`__type`, `message`). */
const ErrorBody = v.object({
  error: v.optional(v.unknown()),
  message: v.optional(v.unknown()),
  __type: v.optional(v.unknown()),
  errors: v.optional(v.array(v.object({ description: v.optional(v.unknown()) }))),
});

interface Answer {
  response: HttpResponse;
  /** Volven's `error` and `errors[].description`, cleaned; undefined when absent. */
  reason: string | undefined;
  now: number;
}

/**
 * Every Volven call is a POST to the one login endpoint. Transport errors, 429 and 5xx mean the
 * same at every step and become failures here; the caller maps the rest.
 */
async function exchange(
  profile: BrokerProfile,
  json: unknown,
  deps: ProtocolDeps,
  secrets: readonly string[],
): Promise<Answer | Failed> {
  const sent = await send(profile, { method: 'POST', path: VOLVEN_LOGIN_PATH, json }, deps);
  if (!sent.ok) return failed(sent.error);
  const { response } = sent;
  const now = deps.now();
  const common = statusError(response.status, response.headers, now);
  if (common !== undefined) return failed(common);
  const body = v.safeParse(ErrorBody, response.data);
  const parts = body.success
    ? [
        body.output.__type,
        body.output.error,
        body.output.message,
        ...(body.output.errors ?? []).map((e) => e.description),
      ]
    : [];
  const reasons = parts.map((part) => cleanReason(part, secrets)).filter((part) => part !== undefined);
  return { response, reason: cleanReason([...new Set(reasons)].join('; '), secrets), now };
}

/**
 * The token comes in a response header, `Authorization: Bearer <jwt>`: all of what follows the
 * scheme, blanks inside included, so that a value that is not one token is refused, not cut.
 */
function bearerFromHeader(headers: Headers): string | undefined {
  const token = /^\s*(?:Bearer\s+)?(.*?)\s*$/is.exec(headers.get('authorization') ?? '')?.[1];
  return token === '' ? undefined : token;
}

/** The 2xx answer of both the credential step and the challenge step. */
function signedIn({ response, now }: Answer): LoginStep {
  const challenge = v.safeParse(ChallengeBody, response.data);
  if (challenge.success) {
    const pending: VolvenPending = { broker: 'volven', ...challenge.output, startedAt: now };
    const totp = challenge.output.challengeName === 'SOFTWARE_TOKEN_MFA';
    const prompt = totp
      ? challengeOf('totp', TOTP_PROMPT)
      : challengeOf('code', brokerText('brokerEnterSentCode'));
    return { kind: 'challenge', challenge: prompt, pending };
  }
  const success = v.safeParse(SuccessBody, response.data);
  if (!success.success) return failed(unexpectedBody(response));
  const accessToken = bearerFromHeader(response.headers);
  if (accessToken === undefined) {
    return failed(brokerError('bad-response', brokerText('brokerSignedInWithoutToken')));
  }
  const expiresAt = crossCheckExpiry(normaliseExpiry(success.output.expirationTime, now), accessToken);
  const tokens: Tokens = { accessToken, expiresAt };
  if (success.output.refreshToken !== undefined) tokens.refreshToken = success.output.refreshToken;
  return checkTokens(tokens, TOKEN_RULES);
}

async function login(profile: BrokerProfile, username: string, password: string, deps: ProtocolDeps) {
  const answer = await exchange(profile, { username, password }, deps, [password]);
  if ('kind' in answer) return answer;
  const { status } = answer.response;
  if (status === 401 || status === 403) {
    const text = withReason(brokerText('brokerEmailOrPasswordRejected'), answer.reason);
    return failed(brokerError('invalid-credentials', text));
  }
  return status >= 300 ? failed(refused('sign-in', status, answer.reason)) : signedIn(answer);
}

async function answerChallenge(
  profile: BrokerProfile,
  pending: VolvenPending,
  code: string,
  deps: ProtocolDeps,
  secrets: readonly string[],
): Promise<LoginStep> {
  if (pending.challengeName === 'SOFTWARE_TOKEN_MFA' && !/^\d{6}$/.test(code)) {
    return failed(brokerError('invalid-code', brokerText('brokerTotpSixDigits')));
  }
  const { awsUsername, session, challengeName, status } = pending;
  const json = { awsUsername, session, challengeName, status, challengeAnswer: code };
  const answer = await exchange(profile, json, deps, secrets);
  if ('kind' in answer) return answer;
  const { response, reason, now } = answer;
  if (response.status < 300) return signedIn(answer);
  const kind = codeRefusal(reason, response.status, now - pending.startedAt);
  if (kind === 'expired') {
    return failed(
      brokerError('challenge-expired', withReason(brokerText('brokerChallengeExpiredSignIn'), reason)),
    );
  }
  if (kind === 'wrong-code') {
    return failed(
      brokerError('invalid-code', withReason(brokerText('brokerCodeNotAcceptedCurrent'), reason)),
    );
  }
  return failed(refused('code', response.status, reason));
}

/**
 * What a refused code means. The MFA is AWS Cognito underneath, and an API in front of it may pass
 * Cognito's words through with a 401 as well as a 400, so the broker's reason decides first:
 * `CodeMismatchException` / "Invalid code received for user" is a typo (the code step stays open),
 * `NotAuthorizedException` / "Invalid session for the user, session is expired." means sign in
 * again. Without words, the status and the challenge's age decide.
 */
export function codeRefusal(
  reason: string | undefined,
  status: number,
  ageMs: number,
): 'wrong-code' | 'expired' | undefined {
  const said = reason ?? '';
  if (/expire|invalid session|NotAuthorized/i.test(said)) return 'expired';
  if (/CodeMismatch|invalid (mfa |verification )?code|code (is )?not valid/i.test(said)) return 'wrong-code';
  if (status === 401 || ageMs > VOLVEN_CHALLENGE_LIFETIME_MS) return 'expired';
  if (status === 400 || status === 403) return 'wrong-code';
  return undefined;
}

const RefreshBody = v.object({ expirationTime: Expiration, refreshToken: v.optional(NonEmpty) });

async function refresh(
  profile: BrokerProfile,
  tokens: Tokens,
  deps: ProtocolDeps,
  secrets: readonly string[],
) {
  if (!tokens.refreshToken) return failed(brokerError('session-expired', brokerText('brokerNoRefreshToken')));
  const answer = await exchange(profile, { refreshToken: tokens.refreshToken }, deps, secrets);
  if ('kind' in answer) return answer;
  const { response, reason, now } = answer;
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    return failed(brokerError('session-expired', withReason(brokerText('brokerSessionEnded'), reason)));
  }
  if (response.status >= 300) return failed(refused('refresh', response.status, reason));
  const body = v.safeParse(RefreshBody, response.data);
  if (!body.success) return failed(unexpectedBody(response));
  const newToken = bearerFromHeader(response.headers);
  const expiresAt = normaliseExpiry(body.output.expirationTime, now);
  // A new header replaces the token. Without one the session was "prolonged" (seed 001) and the
  // current token stays: its `exp` claim predates the prolongation, so it is no cross-check then.
  const next: Tokens = {
    ...tokens,
    accessToken: newToken ?? tokens.accessToken,
    expiresAt: newToken === undefined ? expiresAt : crossCheckExpiry(expiresAt, newToken),
  };
  if (body.output.refreshToken !== undefined) next.refreshToken = body.output.refreshToken;
  return checkTokens(next, TOKEN_RULES);
}

export const volven: BrokerProtocol = {
  login: (profile, { username, password }, deps) =>
    guard(
      () => [password],
      () => login(profile, username, password, deps),
    ),

  answerChallenge: (profile, pending, code, deps) => {
    const secrets = () => [
      code,
      code.replace(/\s+/g, ''),
      pending.broker === 'volven' ? pending.session : '',
    ];
    return guard(secrets, async () => {
      if (pending.broker !== 'volven')
        return failed(brokerError('bad-response', brokerText('brokerNotVolvenChallenge')));
      return answerChallenge(profile, pending, code.replace(/\s+/g, ''), deps, secrets());
    });
  },

  refresh: (profile, tokens, deps) => {
    const secrets = () => [tokens.accessToken, tokens.refreshToken ?? ''];
    return guard(secrets, () => refresh(profile, tokens, deps, secrets()));
  },

  requestHeaders: (_profile, tokens) => [{ name: 'Authorization', value: `Bearer ${tokens.accessToken}` }],
};
