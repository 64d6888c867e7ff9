import * as v from 'valibot';
import { messageKey, text, type MessageKey, type Text } from './text.ts';

/** Extension-wide settings (storage.local; never secrets). */
export interface Settings {
  /** Seconds after a copy when the clipboard is cleared if it still holds what we wrote; 0 = never. */
  clipboardClearSec: number;
}

export const DEFAULT_SETTINGS: Settings = { clipboardClearSec: 60 };

export type SettingsErrors = Partial<Record<keyof Settings, Text>>;

const settingsSchema = v.object(
  {
    clipboardClearSec: v.pipe(
      v.number(messageKey('validationSecondsNumber')),
      v.integer(messageKey('validationSecondsWhole')),
      v.minValue(0, messageKey('validationSecondsAtLeast0')),
      v.maxValue(3600, messageKey('validationSecondsAtMost3600')),
    ),
  },
  messageKey('validationFieldMissing'),
);

export function validateSettings(
  input: unknown,
): { ok: true; settings: Settings } | { ok: false; errors: SettingsErrors } {
  const parsed = v.safeParse(settingsSchema, input);
  if (parsed.success) return { ok: true, settings: parsed.output };
  const errors: SettingsErrors = {};
  for (const issue of parsed.issues) {
    const key = v.getDotPath(issue) as keyof Settings | null;
    if (key && !errors[key]) errors[key] = text(issue.message as MessageKey);
  }
  return { ok: false, errors };
}
