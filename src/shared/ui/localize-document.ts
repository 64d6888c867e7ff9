import { t, type MessageKey } from '../i18n.ts';

/**
 * The page's title (the tab, the popped-out window) and language in the language of the strings
 * shown. The HTML holds the English ones until the script runs. The language comes from the
 * catalogue, not the browser: a browser in a language we have no strings for shows English, and
 * screen readers must read it as English.
 */
export function localizeDocument(title: MessageKey): void {
  document.title = t(title);
  document.documentElement.lang = t('pageLanguage');
}
