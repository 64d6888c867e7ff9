import { describe, expect, it, vi } from 'vitest';
import {
  claimText,
  countFormat,
  refusalText,
  showClaims,
  timeFormat,
} from '../../../src/popup/session-details-format.ts';

// The strings come from public/_locales through browser.i18n, as in the extension.
vi.mock('../../../src/shared/browser.ts', () => import('../support/ui/ui-browser.ts'));

const AT = Date.UTC(2026, 10, 27, 9, 0, 33);
/** Some ICU versions put a narrow no-break space before "AM"; what matters is the order of parts. */
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('timeFormat', () => {
  it('writes a date and time the way the UI language does, in the given zone', () => {
    expect(plain(timeFormat('en-US', 'UTC')(AT))).toBe('11/27/26, 9:00:33 AM');
    expect(timeFormat('de-DE', 'UTC')(AT)).toBe('27.11.26, 09:00:33');
    expect(timeFormat('en-GB', 'Europe/Oslo')(AT)).toBe('27/11/2026, 10:00:33');
  });

  it('falls back to the default language for a tag Intl refuses', () => {
    expect(() => timeFormat('not a language tag!', 'UTC')(AT)).not.toThrow();
    expect(timeFormat('not a language tag!', 'UTC')(AT)).toBe(timeFormat(undefined, 'UTC')(AT));
  });
});

describe('countFormat', () => {
  it('groups digits as the language does', () => {
    expect(countFormat('en-US')(1234)).toBe('1,234');
    expect(countFormat('de-DE')(1234)).toBe('1.234');
    expect(countFormat('en-US')(0)).toBe('0');
    expect(countFormat('not a language tag!')(7)).toBe('7');
  });
});

describe('claimText', () => {
  it('shows strings as they are and anything else as compact JSON', () => {
    expect(claimText('trader@volven.test')).toBe('trader@volven.test');
    expect(claimText(42)).toBe('42');
    expect(claimText(true)).toBe('true');
    expect(claimText(null)).toBe('null');
    expect(claimText(['read', 'trade'])).toBe('["read","trade"]');
    expect(claimText({ realm: { roles: ['a'] } })).toBe('{"realm":{"roles":["a"]}}');
  });
});

describe('showClaims', () => {
  it('keeps the token’s order and turns the four time claims into epoch ms', () => {
    const seconds = AT / 1000;
    expect(
      showClaims({ sub: 'u', exp: seconds, iat: seconds - 60, nbf: seconds - 60, auth_time: 1, jti: 'x' }),
    ).toEqual([
      { key: 'sub', text: 'u' },
      { key: 'exp', at: AT, raw: String(seconds) },
      { key: 'iat', at: AT - 60_000, raw: String(seconds - 60) },
      { key: 'nbf', at: AT - 60_000, raw: String(seconds - 60) },
      { key: 'auth_time', at: 1000, raw: '1' },
      { key: 'jti', text: 'x' },
    ]);
  });

  it('keeps fractional seconds and shows the number as the token has it', () => {
    expect(showClaims({ iat: 1.5 })).toEqual([{ key: 'iat', at: 1500, raw: '1.5' }]);
  });

  it('shows a time claim that is no usable number as text, never as a wrong date', () => {
    expect(showClaims({ exp: '1795683633', nbf: 1e300, iat: null, auth_time: [1] })).toEqual([
      { key: 'exp', text: '1795683633' },
      { key: 'nbf', text: '1e+300' },
      { key: 'iat', text: 'null' },
      { key: 'auth_time', text: '[1]' },
    ]);
  });

  it('treats a claim named like a time claim only at the top level, and other numbers as numbers', () => {
    expect(showClaims({ ctx: { exp: 5 }, expires: 5 })).toEqual([
      { key: 'ctx', text: '{"exp":5}' },
      { key: 'expires', text: '5' },
    ]);
  });
});

describe('refusalText', () => {
  it('says time · status · path', () => {
    const format = timeFormat('en-US', 'UTC');
    expect(plain(refusalText({ at: AT, status: 401, path: '/whoami' }, format))).toBe(
      '11/27/26, 9:00:33 AM · 401 · /whoami',
    );
  });
});
