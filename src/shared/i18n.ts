import { browser } from './browser.ts';
import type { MessageKey, Text } from './text.ts';

export type { MessageKey, Text };

/**
 * The UI string for `key` in the browser's language ($1…$9 replaced by `substitutions`). Falls
 * back to the key itself, so a missing translation is visible rather than blank.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  return browser.i18n.getMessage(key, substitutions.map(String)) || key;
}

/** Puts a Text from pure code into words. */
export function say(message: Text): string {
  return t(message.key, ...(message.subs ?? []).map((sub) => (typeof sub === 'string' ? sub : say(sub))));
}
