/**
 * When to refresh, and how long to wait after a transient failure. Pure, so it is tested with
 * plain numbers.
 */

/** Never refresh closer to expiry than this: the request itself takes time. */
export const MIN_MARGIN_MS = 2_000;
/** The margin is at most this share of the token's lifetime, so short tokens are not refreshed at once. */
export const MAX_MARGIN_SHARE = 0.2;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;

/** The moment to refresh tokens issued at `issuedAt` that expire at `expiresAt`. */
export function refreshDueAt(issuedAt: number, expiresAt: number, marginSec: number): number {
  const lifetime = Math.max(0, expiresAt - issuedAt);
  const margin = Math.max(
    Math.min(marginSec * 1000, lifetime * MAX_MARGIN_SHARE),
    Math.min(MIN_MARGIN_MS, lifetime / 2),
  );
  return expiresAt - margin;
}

/**
 * The wait before retry number `failures` (1, 2, …): exponential with "equal jitter" (half
 * fixed, half random) so many profiles failing together do not retry in lockstep. A broker's
 * Retry-After wins when it is longer.
 */
export function retryDelay(failures: number, random: () => number, retryAfterMs = 0): number {
  const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.max(jittered, retryAfterMs);
}

/** The next retry, but never after the last moment the current token can still be refreshed. */
export function nextRetryAt(now: number, expiresAt: number, delayMs: number): number | undefined {
  const latest = expiresAt - 500;
  if (now >= latest) return undefined;
  return Math.min(now + delayMs, latest);
}
