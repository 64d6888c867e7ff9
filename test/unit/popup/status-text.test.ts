import { describe, expect, it, vi } from 'vitest';
import { formatRemaining, statusText } from '../../../src/popup/status-text.ts';
import type { SessionView } from '../../../src/shared/protocol.ts';

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

describe('formatRemaining', () => {
  it.each([
    [0, '0 s'],
    [-5000, '0 s'],
    [59_999, '59 s'],
    [65_000, '1 min 05 s'],
    [15 * 60_000, '15 min'],
    [3_660_000, '1 h 1 min'],
  ])('%i ms → %s', (ms, text) => expect(formatRemaining(ms)).toBe(text));
});

describe('statusText', () => {
  it('names the state people and tests look for', () => {
    expect(statusText(base, 0)).toBe('Signed out');
    expect(statusText({ ...base, state: 'expired' }, 0)).toBe('Expired');
    expect(statusText({ ...base, state: 'error' }, 0)).toBe('Error');
  });

  it('counts down an active session and the time left to answer a code', () => {
    expect(statusText({ ...base, state: 'active', expiresAt: 120_000 }, 0)).toBe('Active · 2 min 00 s left');
    expect(statusText({ ...base, state: 'refreshing', expiresAt: 30_000 }, 0)).toBe(
      'Active · 30 s left · renewing',
    );
    expect(statusText({ ...base, state: 'active', renewable: false, expiresAt: 7_200_000 }, 0)).toBe(
      'Active · 2 h 0 min left, then sign in again',
    );
    expect(statusText({ ...base, state: 'code-required', challengeExpiresAt: 90_000 }, 0)).toBe(
      'Code required · 1 min 30 s left to answer',
    );
  });
});
