/**
 * The browser API as the extension's pages see it in component tests: @webext-core/fake-browser,
 * plus `i18n.getMessage` answered from the real English messages and `i18n.getUILanguage` as
 * an American English browser (fake-browser leaves both unimplemented). Use with
 * `vi.mock('../../../src/shared/browser.ts', () => import('./support/ui-browser.ts'))`.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { getMessage } from '../english.ts';

fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;
fakeBrowser.i18n.getUILanguage = () => 'en-US';

export const browser = fakeBrowser;
