/**
 * Durations and lists as a language writes them, from Intl rather than English patterns with
 * translated words: "59 min", "59 Min.", "1 h e 5 min"; "A and B", "A und B". Pure: the caller
 * passes the language (the catalogue's pageLanguage, so the numbers match the words around them).
 * A language tag Intl refuses falls back to the runtime's default.
 */

/** The units a duration is shown in; the ones given are always shown, even at 0. */
export interface Duration {
  hours?: number;
  minutes?: number;
  seconds?: number;
}

const UNITS = ['hours', 'minutes', 'seconds'] as const;
const SINGULAR = { hours: 'hour', minutes: 'minute', seconds: 'second' } as const;

/** Intl.DurationFormat, in Chromium 129+ and Firefox 136+; not in Node 20 nor TypeScript's lib yet. */
type DurationFormatConstructor = new (
  locale: string | undefined,
  options: Record<string, string>,
) => { format(duration: Duration): string };

function usable(locale: string | undefined): string | undefined {
  try {
    return locale === undefined ? undefined : Intl.getCanonicalLocales(locale)[0];
  } catch {
    return undefined;
  }
}

const durationFormats = new Map<string, (duration: Duration) => string>();

/**
 * "1 hr, 5 min" / "1 Std., 5 Min." / "4 min y 5 s": the 'short' style of Intl.DurationFormat.
 * Where a browser lacks it, Intl.NumberFormat's short units joined as a unit list give the same
 * text (equal, unit for unit, to Chromium 156's DurationFormat in en, de, nb, es and pt-BR).
 */
export function durationFormat(locale: string | undefined): (duration: Duration) => string {
  const tag = usable(locale);
  const key = tag ?? '';
  let format = durationFormats.get(key);
  if (!format) {
    const native = (Intl as { DurationFormat?: DurationFormatConstructor }).DurationFormat;
    format = native ? nativeFormat(native, tag) : composedFormat(tag);
    durationFormats.set(key, format);
  }
  return format;
}

function nativeFormat(
  DurationFormat: DurationFormatConstructor,
  locale: string | undefined,
): (duration: Duration) => string {
  // One formatter per set of units: a unit given is shown even when 0 ("2 hr, 0 min", "0 sec").
  const bySet = new Map<string, { format(duration: Duration): string }>();
  return (duration) => {
    const shown = UNITS.filter((unit) => duration[unit] !== undefined);
    const key = shown.join();
    let formatter = bySet.get(key);
    if (!formatter) {
      const options: Record<string, string> = { style: 'short' };
      for (const unit of shown) options[`${unit}Display`] = 'always';
      formatter = new DurationFormat(locale, options);
      bySet.set(key, formatter);
    }
    return formatter.format(duration);
  };
}

function composedFormat(locale: string | undefined): (duration: Duration) => string {
  const units = Object.fromEntries(
    UNITS.map((unit) => [
      unit,
      new Intl.NumberFormat(locale, { style: 'unit', unit: SINGULAR[unit], unitDisplay: 'short' }),
    ]),
  ) as Record<(typeof UNITS)[number], Intl.NumberFormat>;
  // DurationFormat joins its parts as a unit list of its own style.
  const list = new Intl.ListFormat(locale, { type: 'unit', style: 'short' });
  return (duration) =>
    list.format(
      UNITS.filter((unit) => duration[unit] !== undefined).map((unit) => units[unit].format(duration[unit]!)),
    );
}

/** "A, B and C" / "A, B und C": a list of things that all apply. */
export function listFormat(locale: string | undefined): (items: string[]) => string {
  const list = new Intl.ListFormat(usable(locale), { type: 'conjunction' });
  return (items) => list.format(items);
}
