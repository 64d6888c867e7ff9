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

/**
 * The language of the strings shown (the catalogue's own pageLanguage: `de`, `pt-BR`, or `en` where
 * the browser's language has no catalogue), for numbers and units inside a sentence: "noch 59 Min."
 * and "59 min left", never "noch 59 min".
 */
export function textLocale(): string {
  return t('pageLanguage');
}

/**
 * The browser's UI language (`en-GB`, `de`), for dates and numbers: people read times the way
 * their browser writes them, even where the strings around them fall back to English.
 */
export function uiLocale(): string | undefined {
  return browser.i18n.getUILanguage() || undefined;
}
