import { brokerText, englishOf, valuesOf } from './messages.ts';
import type { BrokerText } from './messages.ts';
import type { BrokerError, BrokerErrorCode } from './types.ts';

/** A broker's own reason text is shown to the user, but never a paragraph of it. */
export const MAX_REASON_CHARS = 200;

/** A Retry-After beyond a day is nonsense or hostile; cap it so a scheduler cannot be parked forever. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Fallback texts, one per code. They contain no request values by construction, so they are
 * also what a message is replaced with when, against all expectations, it contains a secret.
 */
export const DEFAULT_TEXTS: Record<BrokerErrorCode, BrokerText> = {
  'invalid-credentials': brokerText('brokerInvalidCredentials'),
  'invalid-code': brokerText('brokerInvalidCode'),
  'challenge-expired': brokerText('brokerChallengeExpired'),
  'app-key-rejected': brokerText('brokerAppKeyRejected'),
  'rate-limited': brokerText('brokerRateLimited'),
  'no-api-access': brokerText('brokerNoApiAccess'),
  'session-expired': brokerText('brokerSessionExpired'),
  network: brokerText('brokerNetwork'),
  timeout: brokerText('brokerTimeout'),
  'server-error': brokerText('brokerServerError'),
  'bad-response': brokerText('brokerBadResponse'),
  redirected: brokerText('brokerRedirected'),
};

/** The fallback texts in English, for code that reads the message. */
export const DEFAULT_MESSAGES = Object.fromEntries(
  Object.entries(DEFAULT_TEXTS).map(([code, text]) => [code, englishOf(text)]),
) as Record<BrokerErrorCode, string>;

/** The English `message` is made from `text`, here only, so the two always say the same. */
export function brokerError(code: BrokerErrorCode, text?: BrokerText, retryAfterMs?: number): BrokerError {
  const said = text ?? DEFAULT_TEXTS[code];
  const error: BrokerError = { code, message: englishOf(said), text: said };
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
  const text = withReason(DEFAULT_TEXTS['rate-limited'], reason);
  return brokerError('rate-limited', text, parseRetryAfter(headers.get('retry-after'), now));
}

/** The status codes that mean the same thing at every broker: 429 and 5xx. */
export function statusError(status: number, headers: Headers, now: number): BrokerError | undefined {
  if (status === 429) return rateLimited(headers, now);
  if (status >= 500) {
    return brokerError('server-error', brokerText('brokerServerErrorStatus', status));
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

const REFUSED = {
  'sign-in': 'brokerRefusedSignIn',
  refresh: 'brokerRefusedRefresh',
  code: 'brokerRefusedCode',
} as const;

/** A 4xx without a more specific meaning: say which step was refused, and the broker's reason. */
export function refused(step: keyof typeof REFUSED, status: number, reason: string | undefined): BrokerError {
  return brokerError('bad-response', withReason(brokerText(REFUSED[step], status), reason));
}

/** "<our sentence> The broker said: "<reason>"" — the reason is often the only useful detail. */
export function withReason(sentence: BrokerText, reason: string | undefined): BrokerText {
  return reason === undefined ? sentence : brokerText('brokerWithReason', sentence, reason);
}

export function containsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => secret !== '' && text.includes(secret));
}

/**
 * Last line of defence, applied to every error leaving a protocol: a message (or a value in its
 * text, which the extension puts into words itself) that somehow holds a secret is replaced by the
 * fixed one for its code. Secrets shorter than 4 characters are skipped here because they would match ordinary words of the fixed messages themselves.
 */
export function scrubError(error: BrokerError, secrets: readonly string[]): BrokerError {
  const long = secrets.filter((secret) => secret.length >= 4);
  if (![error.message, ...valuesOf(error.text)].some((said) => containsSecret(said, long))) return error;
  return { ...error, message: DEFAULT_MESSAGES[error.code], text: DEFAULT_TEXTS[error.code] };
}
