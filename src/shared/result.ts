import type { BrokerErrorCode } from '../brokers/types.ts';

/**
 * Every code an error crossing the message boundary (or stored with a session) may carry, so a
 * page can switch on it and a typo does not compile on either side.
 */
export type ErrorCode =
  /** A broker's answer (brokers/types.ts), kept with a session that ended or is retrying. */
  | BrokerErrorCode
  /** The worker refused the request. */
  | WorkerErrorCode
  /** The page failed on its own side, without an answer from the worker. */
  | PageErrorCode;

export type WorkerErrorCode =
  /** The request came from outside the extension's own pages. */
  | 'forbidden'
  /** The request was malformed (a page bug, never the user's). */
  | 'invalid'
  /** The worker failed unexpectedly; the details stay in its console. */
  | 'internal'
  | 'unknown-profile'
  /** The profile is the administrator's, or the policy hides profile editing. */
  | 'managed'
  /** The request needs a signed-in session (copy, Open API, one-time token). */
  | 'not-active'
  | 'no-tab'
  | 'unsupported'
  /** The browser has not granted a permission the request needs (the token bridge's nativeMessaging). */
  | 'no-permission'
  | 'missing-credentials'
  | 'missing-code'
  | 'missing-token'
  | 'no-code-step'
  // Why a session ended or stopped, as stored with it (broker codes above cover the rest).
  /** The worker stopped in the middle of a sign-in. */
  | 'interrupted'
  /** The profile now points elsewhere (API base URL, broker or app key), so its session ended. */
  | 'profile-changed'
  /** The broker refused the session's token before its time and renewing did not mend it. */
  | 'session-rejected';

export type PageErrorCode =
  /** The worker did not answer (or could not be reached). */
  | 'no-reply'
  /** The clipboard refused the write. */
  | 'clipboard'
  /** A page could not read what it draws from storage. */
  | 'storage';

/** What crosses the message boundary: a value, or an error a person can read (never a secret). */
export interface AppError<C extends ErrorCode = ErrorCode> {
  code: C;
  message: string;
  retryAfterMs?: number;
}

export type Failure<E = AppError> = { ok: false; error: E };
export type Result<T, E = AppError> = { ok: true; value: T } | Failure<E>;

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <C extends ErrorCode>(code: C, message: string): Failure<AppError<C>> => ({
  ok: false,
  error: { code, message },
});
