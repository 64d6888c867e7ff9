import type messages from '../../public/_locales/en/messages.json';
import { browser } from './browser.ts';

/** Every string the UI shows has a key in public/_locales/en/messages.json; a typo does not compile. */
export type MessageKey = keyof typeof messages;

/**
 * The UI string for `key` in the browser's language ($1…$9 replaced by `substitutions`). Falls
 * back to the key itself, so a missing translation is visible rather than blank.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  return browser.i18n.getMessage(key, substitutions.map(String)) || key;
}
