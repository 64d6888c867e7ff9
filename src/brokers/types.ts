/**
 * The contract every broker protocol implements. Pure: no browser API, no storage, no timers of
 * its own; it takes `fetch` and a clock, so the same code runs in Node (against the sandbox) and
 * in the service worker.
 */

import type { BrokerText } from './messages.ts';

export type { BrokerMessageKey, BrokerText } from './messages.ts';

export type BrokerId = 'volven' | 'etna' | 'traderevolution';

/** What a protocol needs to know about a profile. Profiles never hold secrets. */
export interface BrokerProfile {
  broker: BrokerId;
  /** e.g. `https://host`, `https://host:8443/proftrading/rest`, `https://host/api` (trailing slash optional). */
  apiBaseUrl: string;
  /** ETNA's `Et-App-Key` (per company; not a user secret). */
  appKey?: string;
  /**
   * For a broker whose token answer carries no lifetime (ETNA): how long its deployment keeps a
   * session. Absent = the documented default.
   */
  tokenLifetimeSec?: number;
}

export interface Credentials {
  username: string;
  password: string;
}

export interface ProtocolDeps {
  fetch: typeof fetch;
  /** Epoch milliseconds. */
  now: () => number;
  /** Upper bound for each request; defaults to DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  /**
   * Where a redirect that answered `url` pointed, for a platform whose fetch hides it (a
   * browser's manual redirect is an opaque answer without headers); undefined when unknown.
   */
  redirectTarget?: (url: string) => Promise<string | undefined>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface Tokens {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  refreshToken?: string;
  /** Epoch ms. */
  refreshExpiresAt?: number;
}

export type BrokerErrorCode =
  | 'invalid-credentials'
  | 'invalid-code'
  | 'challenge-expired'
  | 'app-key-rejected'
  | 'rate-limited'
  | 'no-api-access'
  | 'session-expired'
  | 'network'
  | 'timeout'
  | 'server-error'
  | 'bad-response'
  /** The API answered with a redirect, which auth requests never follow (credentials would go along). */
  | 'redirected';

export interface BrokerError {
  code: BrokerErrorCode;
  /** Written for a person, in English; the broker's own reason where it gives one; never a secret. */
  message: string;
  /** The same sentence as a message key and its values, for the extension to put into the user's language. */
  text: BrokerText;
  retryAfterMs?: number;
}

export type ChallengeType = 'totp' | 'code' | 'pin';

export interface Challenge {
  type: ChallengeType;
  /** The prompt in English. */
  message: string;
  /** The same prompt, for the extension to put into the user's language. */
  text: BrokerText;
}

/**
 * Everything needed to answer a challenge later, as plain serialisable data (it is kept in
 * `storage.session` while the user fetches the code). Broker specific.
 */
export type PendingChallenge = VolvenPending | EtnaPending;

export interface VolvenPending {
  broker: 'volven';
  awsUsername: string;
  session: string;
  challengeName: string;
  status: string;
  /** Epoch ms when the challenge was issued; its `session` is assumed gone a few minutes later. */
  startedAt: number;
}

/**
 * SECRET: ETNA's second `/token` request needs the password again, so this holds it. It must
 * live only in `storage.session`, and be wiped on success, cancel, or after five minutes.
 */
export interface EtnaPending {
  broker: 'etna';
  step: 'VerificationCode' | 'SecutityPin';
  username: string;
  password: string;
  interimToken: string;
  startedAt: number;
}

export type LoginStep =
  | { kind: 'active'; tokens: Tokens }
  | { kind: 'challenge'; challenge: Challenge; pending: PendingChallenge }
  | { kind: 'failed'; error: BrokerError };

export type RefreshResult = { kind: 'active'; tokens: Tokens } | { kind: 'failed'; error: BrokerError };

export type OneTimeTokenResult =
  | { valid: true; login: string }
  /** `reason` is the broker's own words, or ours in English with `reasonText` to translate them. */
  | { valid: false; reason: string; reasonText?: BrokerText }
  | { kind: 'failed'; error: BrokerError };

export interface RequestHeader {
  name: string;
  value: string;
}

export interface BrokerProtocol {
  login(profile: BrokerProfile, credentials: Credentials, deps: ProtocolDeps): Promise<LoginStep>;
  answerChallenge(
    profile: BrokerProfile,
    pending: PendingChallenge,
    code: string,
    deps: ProtocolDeps,
  ): Promise<LoginStep>;
  refresh?(profile: BrokerProfile, tokens: Tokens, deps: ProtocolDeps): Promise<RefreshResult>;
  /** The headers a request to the API needs, e.g. Authorization (and ETNA's Et-App-Key). */
  requestHeaders(profile: BrokerProfile, tokens: Tokens): RequestHeader[];
  verifyOneTimeToken?(
    profile: BrokerProfile,
    tokens: Tokens,
    oneTimeToken: string,
    deps: ProtocolDeps,
  ): Promise<OneTimeTokenResult>;
}
