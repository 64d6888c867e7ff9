import type { BrokerError, BrokerErrorCode } from './types.ts';

/** A broker's own reason text is shown to the user, but never a paragraph of it. */
export const MAX_REASON_CHARS = 200;

/** A Retry-After beyond a day is nonsense or hostile; cap it so a scheduler cannot be parked forever. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Fallback messages, one per code. They contain no request values by construction, so they are
 * also what a message is replaced with when, against all expectations, it contains a secret.
 */
export const DEFAULT_MESSAGES: Record<BrokerErrorCode, string> = {
  'invalid-credentials': 'The broker did not accept the username or password.',
  'invalid-code': 'The broker did not accept the code. Check it and try again.',
  'challenge-expired': 'The sign-in step took too long and expired. Sign in again.',
  'app-key-rejected': "The broker did not accept the profile's application key (Et-App-Key).",
  'rate-limited': 'Too many attempts. Wait a moment and try again.',
  'no-api-access': 'This user has no access to the broker API. Ask the broker to enable it.',
  'session-expired': 'The session has ended. Sign in again.',
  network: 'Could not reach the broker.',
  timeout: 'The broker did not answer in time.',
  'server-error': "The broker's server had a problem. Try again shortly.",
  'bad-response': 'The broker sent an answer the extension does not understand.',
};

export function brokerError(code: BrokerErrorCode, message?: string, retryAfterMs?: number): BrokerError {
  const error: BrokerError = { code, message: message ?? DEFAULT_MESSAGES[code] };
  if (retryAfterMs !== undefined) error.retryAfterMs = retryAfterMs;
  return error;
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  // Only date-looking values: Date.parse accepts bare numbers like "1.5" as years.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(at - now, 0), MAX_RETRY_AFTER_MS);
}

export function rateLimited(headers: Headers, now: number, reason?: string): BrokerError {
  const message = withReason(DEFAULT_MESSAGES['rate-limited'], reason);
  return brokerError('rate-limited', message, parseRetryAfter(headers.get('retry-after'), now));
}

/** The status codes that mean the same thing at every broker: 429 and 5xx. */
export function statusError(status: number, headers: Headers, now: number): BrokerError | undefined {
  if (status === 429) return rateLimited(headers, now);
  if (status >= 500) {
    return brokerError(
      'server-error',
      `The broker's server had a problem (HTTP ${status}). Try again shortly.`,
    );
  }
  return undefined;
}

/**
 * A broker's reason string, made safe to show: one line, capped, and dropped entirely if it
 * echoes anything we sent (a server that reflects the request must not leak the password).
 */
export function cleanReason(raw: unknown, secrets: readonly string[]): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const oneLine = raw.replace(/\p{Cc}+/gu, ' ').trim();
  if (oneLine === '' || containsSecret(raw, secrets) || containsSecret(oneLine, secrets)) return undefined;
  return oneLine.length > MAX_REASON_CHARS ? `${oneLine.slice(0, MAX_REASON_CHARS - 1)}…` : oneLine;
}

/** A 4xx without a more specific meaning: say which step was refused, and the broker's reason. */
export function refused(step: string, status: number, reason: string | undefined): BrokerError {
  return brokerError('bad-response', withReason(`The broker refused the ${step} (HTTP ${status}).`, reason));
}

/** "<our sentence> The broker said: "<reason>"" — the reason is often the only useful detail. */
export function withReason(message: string, reason: string | undefined): string {
  return reason === undefined ? message : `${message} The broker said: "${reason}"`;
}

export function containsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => secret !== '' && text.includes(secret));
}

/**
 * Last line of defence, applied to every error leaving a protocol: a message that somehow holds a
 * secret is replaced by the fixed message for its code. Secrets shorter than 4 characters are
 * skipped here because they would match ordinary words of the fixed messages themselves.
 */
export function scrubError(error: BrokerError, secrets: readonly string[]): BrokerError {
  const long = secrets.filter((secret) => secret.length >= 4);
  if (!containsSecret(error.message, long)) return error;
  return { ...error, message: DEFAULT_MESSAGES[error.code] };
}
