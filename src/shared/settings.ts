import * as v from 'valibot';

/** Extension-wide settings (storage.local; never secrets). */
export interface Settings {
  /** Seconds after a copy when the clipboard is cleared if it still holds what we wrote; 0 = never. */
  clipboardClearSec: number;
}

export const DEFAULT_SETTINGS: Settings = { clipboardClearSec: 60 };

const settingsSchema = v.object({
  clipboardClearSec: v.pipe(
    v.number('Enter a number of seconds'),
    v.integer('Enter whole seconds'),
    v.minValue(0, '0 (never) or more'),
    v.maxValue(3600, 'At most 3600 seconds'),
  ),
});

export function validateSettings(
  input: unknown,
): { ok: true; settings: Settings } | { ok: false; errors: Partial<Record<keyof Settings, string>> } {
  const parsed = v.safeParse(settingsSchema, input);
  if (parsed.success) return { ok: true, settings: parsed.output };
  const errors: Partial<Record<keyof Settings, string>> = {};
  for (const issue of parsed.issues) {
    const key = v.getDotPath(issue) as keyof Settings | null;
    if (key && !errors[key]) errors[key] = issue.message;
  }
  return { ok: false, errors };
}
