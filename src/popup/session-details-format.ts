import { t } from '../shared/i18n.ts';
import type { JsonValue, SessionDetails } from '../shared/protocol.ts';

/** Claims that RFC 7519 (exp, iat, nbf) and OpenID Connect (auth_time) give in epoch seconds. */
export const TIME_CLAIMS: ReadonlySet<string> = new Set(['exp', 'iat', 'nbf', 'auth_time']);

/** The farthest a JavaScript Date reaches either side of 1970; a claim may hold any number. */
const MAX_DATE_MS = 8.64e15;

export const isDateMs = (ms: number): boolean => Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;

/** One claim as the popup lists it: a time (epoch ms, and the number as the token has it), or text. */
export type ShownClaim = { key: string; at: number; raw: string } | { key: string; text: string };

/** A string as it is; anything else as compact JSON (objects, arrays, numbers, true, null). */
export function claimText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The claims in the token's own order, with the time claims that hold a usable number as times. */
export function showClaims(claims: Record<string, JsonValue>): ShownClaim[] {
  return Object.entries(claims).map(([key, value]) =>
    TIME_CLAIMS.has(key) && typeof value === 'number' && isDateMs(value * 1000)
      ? { key, at: value * 1000, raw: String(value) }
      : { key, text: claimText(value) },
  );
}

/**
 * A date and time as the browser's UI language writes them, in the local time zone (`timeZone`
 * only for tests). A language tag Intl does not know falls back to the browser's default.
 */
export function timeFormat(locale: string | undefined, timeZone?: string): (ms: number) => string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium', timeZone };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, options);
  } catch {
    format = new Intl.DateTimeFormat(undefined, options);
  }
  return (ms) => format.format(ms);
}

/** A count as the UI language writes it (1,234 / 1 234 / 1.234). */
export function countFormat(locale: string | undefined): (count: number) => string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale);
  } catch {
    format = new Intl.NumberFormat();
  }
  return (count) => format.format(count);
}

/** "Last refusal": time · status · path. */
export function refusalText(
  refusal: NonNullable<SessionDetails['lastRefusal']>,
  formatTime: (ms: number) => string,
): string {
  return t('popupDetailsRefusal', formatTime(refusal.at), refusal.status, refusal.path);
}
