/**
 * The extension's English strings as Chrome's i18n.getMessage gives them, answered from the real
 * public/_locales/en/messages.json with Chrome's placeholder and $1…$9 substitution rules. Tests
 * read what a person would see, so a wrong key or substitution fails them.
 */
import messages from '../../../public/_locales/en/messages.json' with { type: 'json' };
import type { Text } from '../../../src/shared/text.ts';

export interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** Chrome's getMessage over one catalogue (any language's messages.json). */
export function messageGetter(
  catalogue: Record<string, MessageEntry | undefined>,
): (key: string, substitutions?: string | string[]) => string {
  return (key, substitutions = []) => {
    const entry = catalogue[key];
    if (!entry) return '';
    const subs = Array.isArray(substitutions) ? substitutions : [substitutions];
    const withPlaceholders = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
      const placeholder = entry.placeholders?.[name.toLowerCase()];
      return placeholder ? placeholder.content : whole;
    });
    return withPlaceholders.replace(/\$(\$|[1-9])/g, (_whole, which: string) =>
      which === '$' ? '$' : (subs[Number(which) - 1] ?? ''),
    );
  };
}

export const getMessage = messageGetter(messages as Record<string, MessageEntry>);

/** What a person reads for `message` in English; undefined stays undefined. */
export function english(message: Text): string;
export function english(message: Text | undefined): string | undefined;
export function english(message: Text | undefined): string | undefined {
  if (!message) return undefined;
  const subs = (message.subs ?? []).map((sub) => (typeof sub === 'string' ? sub : english(sub)));
  const said = getMessage(message.key, subs);
  if (!said) throw new Error(`No English message "${message.key}"`);
  return said;
}
