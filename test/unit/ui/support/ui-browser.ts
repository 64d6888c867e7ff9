/**
 * The browser API as the extension's pages see it in component tests: @webext-core/fake-browser,
 * plus `i18n.getMessage` answered from the real public/_locales/en/messages.json (fake-browser
 * leaves it unimplemented), with Chrome's placeholder and $1…$9 substitution rules.
 * Use with `vi.mock('../../../src/shared/browser.ts', () => import('./support/ui-browser.ts'))`.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import messages from '../../../../public/_locales/en/messages.json' with { type: 'json' };

interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

export function getMessage(key: string, substitutions: string | string[] = []): string {
  const entry = (messages as Record<string, MessageEntry | undefined>)[key];
  if (!entry) return '';
  const subs = Array.isArray(substitutions) ? substitutions : [substitutions];
  const withPlaceholders = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? placeholder.content : whole;
  });
  return withPlaceholders.replace(/\$(\$|[1-9])/g, (_whole, which: string) =>
    which === '$' ? '$' : (subs[Number(which) - 1] ?? ''),
  );
}

fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;

export const browser = fakeBrowser;
