/**
 * When to refresh, and how long to wait after a transient failure. Pure, so it is tested with
 * plain numbers. When a session is due for renewal is shared with the popup, which shows it.
 */
export { MAX_MARGIN_SHARE, MIN_MARGIN_MS, refreshDueAt } from '../../shared/sessions/refresh-due.ts';

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;

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
