/**
 * Error codes are one union on both sides of the message boundary: a code that is not in it does
 * not compile (the `@ts-expect-error` lines fail `tsc` if it ever does), and a page can switch on
 * the codes it gets.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Reply } from '../../../src/shared/protocol.ts';
import { fail, ok, type AppError, type ErrorCode, type Result } from '../../../src/shared/result.ts';

describe('Result and its error codes', () => {
  it('fail keeps the code it was given, as its type too', () => {
    const refused = fail('managed', 'The administrator manages this profile.');
    expect(refused).toEqual({
      ok: false,
      error: { code: 'managed', message: 'The administrator manages this profile.' },
    });
    expectTypeOf(refused.error.code).toEqualTypeOf<'managed'>();
    const answers: Result<number>[] = [refused, ok(1)];
    expect(answers.map((answer) => answer.ok)).toEqual([false, true]);
  });

  it('refuses a code that is not one of ours, on the worker side and the page side', () => {
    // @ts-expect-error: a typo of 'profile-changed'
    fail('profile-chnaged', 'x');
    // @ts-expect-error: not a code either side knows
    const stored: AppError = { code: 'rejected', message: 'x' };
    expect(stored.code).toBe('rejected');
  });

  it('lets a page switch on the codes of a reply, broker codes included', () => {
    const words = (reply: Reply<'signIn'>): string => {
      if (reply.ok) return 'signed in';
      switch (reply.error.code) {
        case 'invalid-credentials':
          return 'check the password';
        case 'no-reply':
          return 'the extension did not answer';
        default:
          return reply.error.message;
      }
    };
    expect(words({ ok: false, error: { code: 'no-reply', message: '' } })).toBe(
      'the extension did not answer',
    );
    expectTypeOf<'session-rejected'>().toExtend<ErrorCode>();
    expectTypeOf<'redirected'>().toExtend<ErrorCode>();
  });
});
