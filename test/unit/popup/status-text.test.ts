import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatRemaining, statusText } from '../../../src/popup/status-text.ts';
import type { SessionView } from '../../../src/shared/protocol.ts';
import { getMessage, messageGetter, type MessageEntry } from '../support/english.ts';

// The strings come from public/_locales through browser.i18n, as in the extension.
vi.mock('../../../src/shared/browser.ts', () => import('../support/ui/ui-browser.ts'));

const base: SessionView = {
  profileId: 'p',
  name: 'Demo',
  broker: 'volven',
  apiBaseUrl: 'https://api.example.com',
  state: 'signed-out',
  staySignedIn: false,
  renewable: true,
};

const catalogue = (folder: string) =>
  JSON.parse(
    readFileSync(resolve(import.meta.dirname, `../../../public/_locales/${folder}/messages.json`), 'utf8'),
  ) as Record<string, MessageEntry>;

afterEach(() => {
  fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;
});

describe('formatRemaining', () => {
  // Intl's short duration style; Chromium 156's Intl.DurationFormat writes exactly these.
  it.each([
    [0, '0 sec'],
    [-5000, '0 sec'],
    [59_999, '59 sec'],
    [65_000, '1 min, 5 sec'],
    [9 * 60_000 + 59_000, '9 min, 59 sec'],
    [15 * 60_000, '15 min'],
    [59 * 60_000 + 59_000, '59 min'],
    [3_600_000, '1 hr, 0 min'],
    [3_660_000, '1 hr, 1 min'],
  ])('%i ms → %s in English', (ms, text) => expect(formatRemaining(ms, 'en')).toBe(text));

  it.each([
    ['de', '59 Min.', '4 Min., 5 Sek.', '1 Std., 5 Min.', '12 Sek.'],
    ['nb', '59 min', '4 min, 5 sek', '1 t, 5 min', '12 sek'],
    ['es', '59 min', '4 min y 5 s', '1 h y 5 min', '12 s'],
    ['pt-BR', '59 min', '4 min e 5 s', '1 h e 5 min', '12 s'],
  ])('writes the units and the joins of %s', (locale, minutes, minutesSeconds, hoursMinutes, seconds) => {
    expect(formatRemaining(59 * 60_000, locale)).toBe(minutes);
    expect(formatRemaining(245_000, locale)).toBe(minutesSeconds);
    expect(formatRemaining(3_900_000, locale)).toBe(hoursMinutes);
    expect(formatRemaining(12_000, locale)).toBe(seconds);
  });

  it('takes the language of the strings shown (the catalogue’s pageLanguage)', () => {
    expect(formatRemaining(59 * 60_000)).toBe('59 min');
    fakeBrowser.i18n.getMessage = messageGetter(catalogue('de')) as typeof fakeBrowser.i18n.getMessage;
    expect(formatRemaining(59 * 60_000)).toBe('59 Min.');
  });
});

describe('statusText', () => {
  it('names the state people and tests look for', () => {
    expect(statusText(base, 0)).toBe('Signed out');
    expect(statusText({ ...base, state: 'expired' }, 0)).toBe('Expired');
    expect(statusText({ ...base, state: 'error' }, 0)).toBe('Error');
  });

  it('counts down an active session and the time left to answer a code', () => {
    expect(statusText({ ...base, state: 'active', expiresAt: 120_000 }, 0)).toBe(
      'Active · 2 min, 0 sec left',
    );
    expect(statusText({ ...base, state: 'refreshing', expiresAt: 30_000 }, 0)).toBe(
      'Active · 30 sec left · renewing',
    );
    expect(statusText({ ...base, state: 'active', renewable: false, expiresAt: 7_200_000 }, 0)).toBe(
      'Active · 2 hr, 0 min left, then sign in again',
    );
    expect(statusText({ ...base, state: 'code-required', challengeExpiresAt: 90_000 }, 0)).toBe(
      'Code required · 1 min, 30 sec left to answer',
    );
  });

  it.each([
    ['de', 'Aktiv · noch 59 Min.', 'Code erforderlich · noch 1 Min., 30 Sek. zur Eingabe'],
    ['no', 'Aktiv · 59 min igjen', 'Kode kreves · 1 min, 30 sek igjen til å svare'],
    ['es', 'Activa · quedan 59 min', 'Código requerido · quedan 1 min y 30 s para responder'],
    ['pt_BR', 'Ativa · restam 59 min', 'Código necessário · 1 min e 30 s para responder'],
  ])('puts the time left in the words of %s, in that language', (folder, active, code) => {
    fakeBrowser.i18n.getMessage = messageGetter(catalogue(folder)) as typeof fakeBrowser.i18n.getMessage;
    expect(statusText({ ...base, state: 'active', expiresAt: 59 * 60_000 }, 0)).toBe(active);
    expect(statusText({ ...base, state: 'code-required', challengeExpiresAt: 90_000 }, 0)).toBe(code);
  });
});
