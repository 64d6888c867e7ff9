// @vitest-environment happy-dom
/**
 * The pages' title and language follow the catalogue the browser picked: a German catalogue
 * gives a German title and lang="de"; the English one gives English.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from '../../../src/shared/browser.ts';
import { localizeDocument } from '../../../src/shared/ui/localize-document.ts';
import { getMessage } from '../support/english.ts';

vi.mock('../../../src/shared/browser.ts', () => import('../support/ui/ui-browser.ts'));

const german: Record<string, string> = { optionsTitle: 'Broker Sessions · Profile', pageLanguage: 'de' };

describe('the page title and language', () => {
  afterEach(() => {
    browser.i18n.getMessage = getMessage as typeof browser.i18n.getMessage;
  });

  it('are English with the English catalogue', () => {
    localizeDocument('optionsTitle');
    expect(document.title).toBe('Broker Sessions · Profiles');
    expect(document.documentElement.lang).toBe('en');
  });

  it('follow a translated catalogue', () => {
    browser.i18n.getMessage = ((key: string) => german[key] ?? '') as typeof browser.i18n.getMessage;
    localizeDocument('optionsTitle');
    expect(document.title).toBe('Broker Sessions · Profile');
    expect(document.documentElement.lang).toBe('de');
  });
});
