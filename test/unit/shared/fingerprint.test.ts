/** The clipboard print kept on disk: salted per copy, so it matches its text and links nothing. */
import { describe, expect, it } from 'vitest';
import { fingerprint, isClipboardPrint, matchesPrint } from '../../../src/shared/fingerprint.ts';

describe('clipboard print', () => {
  it('matches its own text only', async () => {
    const print = await fingerprint('token-a');
    expect(await matchesPrint('token-a', print)).toBe(true);
    expect(await matchesPrint('token-b', print)).toBe(false);
    expect(await matchesPrint('', print)).toBe(false);
  });

  it('is salted afresh for every copy: two prints of one token differ, and neither is its plain SHA-256', async () => {
    const [first, second] = await Promise.all([fingerprint('token-a'), fingerprint('token-a')]);
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
    const plain = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('token-a')));
    expect(first.hash).not.toBe(plain.toString('hex'));
  });

  it('accepts only a well-formed print from a page', async () => {
    expect(isClipboardPrint(await fingerprint('x'))).toBe(true);
    expect(isClipboardPrint({ salt: 'zz', hash: 'a'.repeat(64) })).toBe(false);
    expect(isClipboardPrint({ salt: 'a'.repeat(32), hash: 'the token itself' })).toBe(false);
    expect(isClipboardPrint('a'.repeat(64))).toBe(false);
    expect(isClipboardPrint(null)).toBe(false);
  });
});
