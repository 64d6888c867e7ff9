import * as v from 'valibot';
import { brokerError, cleanReason, rateLimited, refused, statusError, withReason } from './errors.ts';
import { failed, guard } from './guard.ts';
import type { Failed } from './guard.ts';
import { checkTokens, type TokenRules } from './header-values.ts';
import { send, unexpectedBody } from './http.ts';
import type { HttpResponse, SendRequest } from './http.ts';
import { brokerText, notValid } from './messages.ts';
import type { BrokerProfile, BrokerProtocol, OneTimeTokenResult, ProtocolDeps, Tokens } from './types.ts';

export const TE_LOGIN_PATH = '/auth/token';
export const TE_REFRESH_PATH = '/auth/token/refresh';
export const TE_VERIFY_PATH = '/external/token/verify';

/** TraderEvolution's dotted error codes that have a meaning of their own. */
export const TE_CODES = {
  invalidCredentials: '1.2.0.11',
  noApiAccess: '2.0.2.4',
  rateLimited: '2.147.1.27',
} as const;

const NonEmpty = v.pipe(v.string(), v.minLength(1));
/**
 * The access token is a JWT, so a bearer b64token; the refresh token's format is not documented,
 * but it travels back in the `token` request header, so it must be something a header can carry.
 */
const TOKEN_RULES: TokenRules = { access: 'b64token', refresh: 'visible-word' };
const Lifetime = v.pipe(v.number(), v.finite(), v.minValue(0));
const TokenPair = v.object({
  accessToken: NonEmpty,
  accessTokenLifeTime: Lifetime,
  refreshToken: v.optional(NonEmpty),
  refreshTokenLifeTime: v.optional(Lifetime),
});
const ErrorsBody = v.object({
  errors: v.array(
    v.object({ code: v.optional(v.union([v.string(), v.number()])), message: v.optional(v.unknown()) }),
  ),
});
const LoginBody = v.object({ login: NonEmpty });
/** A 2xx whose text says the token is not valid, for servers that answer "not valid" with 200. */
const NOT_VALID = /\b(not valid|invalid|expired|already used)\b/i;

interface Answer {
  response: HttpResponse;
  codes: string[];
  /** The `errors[].message` texts, cleaned; undefined when absent. */
  reason: string | undefined;
  now: number;
}

/**
 * One request. Transport errors, rate limiting (429 or its dotted code), "no REST API access"
 * and 5xx mean the same at every endpoint and become failures here; the caller maps the rest.
 */
async function exchange(
  profile: BrokerProfile,
  request: SendRequest,
  deps: ProtocolDeps,
  secrets: readonly string[],
): Promise<Answer | Failed> {
  const sent = await send(profile, request, deps);
  if (!sent.ok) return failed(sent.error);
  const { response } = sent;
  const now = deps.now();
  const body = v.safeParse(ErrorsBody, response.data);
  const errors = body.success ? body.output.errors : [];
  const codes = errors.map((item) => String(item.code ?? ''));
  const messages = errors.map((item) => cleanReason(item.message, secrets)).filter((m) => m !== undefined);
  const reason = cleanReason([...new Set(messages)].join('; '), secrets);
  if (codes.includes(TE_CODES.rateLimited)) return failed(rateLimited(response.headers, now, reason));
  if (codes.includes(TE_CODES.noApiAccess)) {
    return failed(brokerError('no-api-access', withReason(brokerText('brokerNoRestApiAccess'), reason)));
  }
  const common = statusError(response.status, response.headers, now);
  return common === undefined ? { response, codes, reason, now } : failed(common);
}

/** Login and refresh answer alike: a new pair, lifetimes in seconds. */
function tokenPair({ response, now }: Answer) {
  const parsed = v.safeParse(TokenPair, response.data);
  if (!parsed.success) return failed(unexpectedBody(response));
  const pair = parsed.output;
  const tokens: Tokens = { accessToken: pair.accessToken, expiresAt: now + pair.accessTokenLifeTime * 1000 };
  if (pair.refreshToken !== undefined) tokens.refreshToken = pair.refreshToken;
  if (pair.refreshToken !== undefined && pair.refreshTokenLifeTime !== undefined) {
    tokens.refreshExpiresAt = now + pair.refreshTokenLifeTime * 1000;
  }
  return checkTokens(tokens, TOKEN_RULES);
}

async function login(profile: BrokerProfile, username: string, password: string, deps: ProtocolDeps) {
  const request: SendRequest = { method: 'POST', path: TE_LOGIN_PATH, json: { login: username, password } };
  const answer = await exchange(profile, request, deps, [password]);
  if ('kind' in answer) return answer;
  const { status } = answer.response;
  if (answer.codes.includes(TE_CODES.invalidCredentials) || status === 401 || status === 403) {
    const text = withReason(brokerText('brokerLoginOrPasswordRejected'), answer.reason);
    return failed(brokerError('invalid-credentials', text));
  }
  return status >= 300 ? failed(refused('sign-in', status, answer.reason)) : tokenPair(answer);
}

async function refresh(
  profile: BrokerProfile,
  tokens: Tokens,
  deps: ProtocolDeps,
  secrets: readonly string[],
) {
  // Refresh tokens are single-use (rotation): without one there is nothing to send.
  if (!tokens.refreshToken) return failed(brokerError('session-expired', brokerText('brokerNoRefreshToken')));
  const request: SendRequest = {
    method: 'GET',
    path: TE_REFRESH_PATH,
    headers: { token: tokens.refreshToken },
  };
  const answer = await exchange(profile, request, deps, secrets);
  if ('kind' in answer) return answer;
  const { status } = answer.response;
  if (status === 400 || status === 401 || status === 403) {
    return failed(
      brokerError('session-expired', withReason(brokerText('brokerSessionEnded'), answer.reason)),
    );
  }
  return status >= 300 ? failed(refused('refresh', status, answer.reason)) : tokenPair(answer);
}

/** The body as words: a JSON string, or plain text that is not markup or (broken) JSON. */
function words(response: HttpResponse): string | undefined {
  const raw =
    typeof response.data === 'string' ? response.data : response.data === undefined ? response.text : '';
  const text = raw.trim();
  return text !== '' && !/^[<{[]/.test(text) ? text : undefined;
}

/** The login from a successful verify: a JSON object with `login`, a JSON string, or plain text. */
function verifiedLogin(response: HttpResponse, secrets: readonly string[]): OneTimeTokenResult {
  const object = v.safeParse(LoginBody, response.data);
  if (object.success) return { valid: true, login: object.output.login };
  const text = words(response);
  if (text !== undefined && NOT_VALID.test(text)) {
    const reason = cleanReason(text, secrets);
    return reason === undefined
      ? notValid(brokerText('brokerOneTimeTokenNotValid'))
      : { valid: false, reason };
  }
  if (text !== undefined && /^[^\s<>{}[\]"'`]{1,200}$/.test(text)) return { valid: true, login: text };
  return failed(unexpectedBody(response));
}

async function verify(
  profile: BrokerProfile,
  tokens: Tokens,
  oneTimeToken: string,
  deps: ProtocolDeps,
  secrets: readonly string[],
): Promise<OneTimeTokenResult> {
  const headers = { Authorization: `Bearer ${tokens.accessToken}` };
  const json = { token: oneTimeToken };
  const request: SendRequest = { method: 'POST', path: TE_VERIFY_PATH, headers, json };
  const answer = await exchange(profile, request, deps, secrets);
  if ('kind' in answer) return answer;
  const { response, reason } = answer;
  // 401 is about our access token, not the one-time token.
  if (response.status === 401) {
    return failed(brokerError('session-expired', withReason(brokerText('brokerSessionExpired'), reason)));
  }
  if (response.status >= 400) {
    // "Not valid" (expired or used): give the broker's words, from whichever shape it used.
    const text = words(response);
    const said =
      reason ?? (text !== undefined && /[a-z]{2}/i.test(text) ? cleanReason(text, secrets) : undefined);
    // A word or two of letters ("AA") is no reason a person can act on: the status says more.
    const why = said !== undefined && said.trim().length >= 3 ? said : undefined;
    return why === undefined
      ? notValid(brokerText('brokerOneTimeTokenNotValidStatus', response.status))
      : { valid: false, reason: why };
  }
  return response.status >= 300 ? failed(unexpectedBody(response)) : verifiedLogin(response, secrets);
}

export const traderevolution: BrokerProtocol = {
  login: (profile, { username, password }, deps) =>
    guard(
      () => [password],
      () => login(profile, username, password, deps),
    ),

  answerChallenge: async () => failed(brokerError('bad-response', brokerText('brokerNoSecondStep'))),

  refresh: (profile, tokens, deps) => {
    const secrets = () => [tokens.accessToken, tokens.refreshToken ?? ''];
    return guard(secrets, () => refresh(profile, tokens, deps, secrets()));
  },

  requestHeaders: (_profile, tokens) => [{ name: 'Authorization', value: `Bearer ${tokens.accessToken}` }],

  verifyOneTimeToken: (profile, tokens, oneTimeToken, deps) => {
    const secrets = () => [tokens.accessToken, tokens.refreshToken ?? '', oneTimeToken];
    return guard(secrets, () => verify(profile, tokens, oneTimeToken, deps, secrets()));
  },
};
