/**
 * When a session's tokens are renewed: the worker arms its renewal for then, the popup shows it
 * ("next renewal"). Pure, so both compute the same moment from the same record.
 */

/** Never refresh closer to expiry than this: the request itself takes time. */
export const MIN_MARGIN_MS = 2_000;
/** The margin is at most this share of the token's lifetime, so short tokens are not refreshed at once. */
export const MAX_MARGIN_SHARE = 0.2;

/** The moment to refresh tokens issued at `issuedAt` that expire at `expiresAt`. */
export function refreshDueAt(issuedAt: number, expiresAt: number, marginSec: number): number {
  const lifetime = Math.max(0, expiresAt - issuedAt);
  const margin = Math.max(
    Math.min(marginSec * 1000, lifetime * MAX_MARGIN_SHARE),
    Math.min(MIN_MARGIN_MS, lifetime / 2),
  );
  return expiresAt - margin;
}
