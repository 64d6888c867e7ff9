import type messages from '../../public/_locales/en/messages.json';

/** Every string a person sees has a key in public/_locales/en/messages.json; a typo does not compile. */
export type MessageKey = keyof typeof messages;

/**
 * A sentence for a person, not yet in their language. Pure code (validation, file parsing) runs
 * where there is no browser.i18n (unit tests, the sandbox scripts), so it says which message and
 * the page or worker that shows it puts it into words (`say` in i18n.ts). Plain data: it may
 * cross the message boundary.
 */
export interface Text {
  key: MessageKey;
  /** $1…$9 of the message; a nested Text is put into words first. */
  subs?: (string | Text)[];
}

export const text = (key: MessageKey, ...subs: (string | number | Text)[]): Text =>
  subs.length === 0
    ? { key }
    : { key, subs: subs.map((sub) => (typeof sub === 'number' ? String(sub) : sub)) };

/** For a library that carries each check's message as a string (valibot): a key, checked. */
export const messageKey = (key: MessageKey): MessageKey => key;
