/**
 * The sandbox's public types. They live apart from `index.ts` so that the broker modules can
 * import them without importing the composition root (no import cycles).
 */

import type { TokenCorruption } from './corrupt-token.ts';
import type { HeldRequest } from './holds.ts';
import type { OtherHost } from './other-host.ts';

export type SandboxBroker = 'volven' | 'etna' | 'traderevolution';
/** 'redirect': a 307 (or `redirectStatus`) to the other host, same path and query. */
export type FaultKind = '500' | 'hang' | 'malformed' | '429' | 'drop' | 'redirect';

export interface SandboxConfig {
  /** Access token lifetime for all three brokers. */
  accessTokenLifetimeSec: number;
  /** Volven and TraderEvolution refresh token lifetime (ETNA has no refresh). */
  refreshTokenLifetimeSec: number;
  /** Volven challenge `session` and ETNA interim token lifetime. */
  challengeLifetimeSec: number;
  /**
   * 'new-header' (current docs): a refresh answers with a new `Authorization` header.
   * 'prolong' (seed 001): no header; the current access token stays valid and its expiry moves.
   */
  volvenRefreshVariant: 'new-header' | 'prolong';
  /**
   * How Volven refuses a code step: 'volven' (its own error shape, 400 for a wrong code) or
   * 'cognito' (AWS Cognito's words passed through with a 401 for both a wrong code and an expired
   * challenge: only the words tell them apart).
   */
  volvenMfaErrors: 'volven' | 'cognito';
  /** POST /api/token calls allowed in any sliding 60 s window (all users together). */
  etnaLoginLimitPerMinute: number;
  /**
   * Some ETNA deployments end a session after an idle time: an access token not used on an API
   * call for this many seconds is refused from then on. null = off (the default).
   */
  etnaIdleSec: number | null;
  /** How long a 'hang' fault holds the response before answering 504. */
  hangMs: number;
  /** TraderEvolution's one-time-token answer shape is unpublished: true = plain text login. */
  teVerifyPlainString: boolean;
}

export interface SandboxOptions {
  ports?: Partial<Record<SandboxBroker, number>>;
  config?: Partial<SandboxConfig>;
  /** The redirect target's port; ephemeral by default. */
  otherHostPort?: number;
  log?: (line: string) => void;
  /**
   * The sandbox's clock (epoch ms) for token lifetimes, expiry, one-time tokens, TOTP codes and
   * ETNA's rate limit and idle limit; `Date.now` by default. A test passes a clock it moves itself.
   */
  now?: () => number;
}

/** `path` includes the query; header names are lower-case. */
export interface RecordedRequest {
  broker: SandboxBroker;
  method: string;
  path: string;
  headers: Record<string, string>;
  at: number;
}

export interface OutboxMessage {
  to: string;
  username: string;
  code: string;
  channel: 'email' | 'sms';
  at: number;
}

export interface IssuedToken {
  broker: SandboxBroker;
  username: string;
  kind: 'access' | 'refresh' | 'interim';
  token: string;
  /** Epoch ms (server-side truth; a Volven 'prolong' refresh moves it past the JWT's `exp`). */
  expiresAt: number;
}

export interface DemoUser {
  broker: SandboxBroker;
  username: string;
  password: string;
  mfa: 'totp' | 'code' | 'pin' | 'none';
  note: string;
}

export interface FaultSpec {
  kind: FaultKind;
  count: number;
  /** Substring of the request path (with query); absent = any request on that broker. */
  path?: string;
  /**
   * The host name the request was sent to (its Host header, without the port); absent = any.
   * Every `*.test` name reaches the same sandbox, so profiles on different names can be faulted
   * one by one while their requests run side by side.
   */
  host?: string;
  /** Only for '429'; default 2. */
  retryAfterSec?: number;
  /** Only for 'redirect'; default 307. */
  redirectStatus?: 301 | 302 | 303 | 307 | 308;
}

export interface Sandbox {
  ports: Record<SandboxBroker, number>;
  /** Base URLs with *.test hostnames, for the browser. */
  urls: Record<SandboxBroker, string>;
  /** Same base URLs on 127.0.0.1, for Node's fetch. */
  loopbackUrls: Record<SandboxBroker, string>;
  totpSecret: string;
  totpUri: string;
  etnaAppKey: string;
  users: DemoUser[];
  /** The live configuration (read-only view; change it with `configure`). */
  readonly config: SandboxConfig;
  configure(patch: Partial<SandboxConfig>): void;
  outbox(): OutboxMessage[];
  lastCode(username: string): string | undefined;
  requests(filter?: { broker?: SandboxBroker; path?: string }): RecordedRequest[];
  /**
   * Settles once `count` recorded requests match the filter (at once if they already do), with
   * them; for a test that must act while a request is in flight without polling for it.
   */
  requestsSeen(filter: { broker?: SandboxBroker; path?: string }, count?: number): Promise<RecordedRequest[]>;
  clearRequests(): void;
  issuedTokens(filter?: {
    broker?: SandboxBroker;
    username?: string;
    kind?: IssuedToken['kind'];
  }): IssuedToken[];
  /**
   * Revokes every access and refresh token of `broker` (all brokers when absent), or only those of
   * `username` ("signed in elsewhere"). Pending code steps (interim tokens) are left alone.
   * Returns how many live tokens it ended.
   */
  revokeAll(broker?: SandboxBroker, username?: string): number;
  /**
   * The broker's server forgets one access token, as after a restart that lost its token cache:
   * `token`, or by default the newest live access token of `broker`. The session's refresh token
   * keeps working and its next refresh issues a new access token. Returns 1, or 0 if no such
   * token was live.
   */
  forgetAccessToken(broker: SandboxBroker, token?: string): number;
  injectFaults(broker: SandboxBroker, fault: FaultSpec): void;
  /** Drops every fault not yet used. */
  clearFaults(): void;
  /**
   * The next token of that broker and kind (default: access) is issued with CR/LF in it or 20 kB
   * long (corrupt-token.ts); the sandbox then accepts it like any other.
   */
  corruptNextToken(broker: SandboxBroker, how: TokenCorruption, kind?: IssuedToken['kind']): void;
  /** Holds the next request to `broker` whose path contains `path`, until released. */
  holdNext(broker: SandboxBroker, path: string): HeldRequest;
  /** The host the 'redirect' fault points to; it records whatever reaches it. */
  otherHost: Pick<OtherHost, 'url' | 'loopbackUrl' | 'requests' | 'clear'>;
  /** A TraderEvolution one-time token for `login` (default lifetime 60 s). */
  mintOneTimeToken(login: string, ttlSec?: number): string;
  reset(): void;
  close(): Promise<void>;
}

export const BROKERS: readonly SandboxBroker[] = ['volven', 'etna', 'traderevolution'];

export const DEFAULT_PORTS: Record<SandboxBroker, number> = {
  volven: 47801,
  etna: 47802,
  traderevolution: 47803,
};
