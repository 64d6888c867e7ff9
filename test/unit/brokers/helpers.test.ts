import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MESSAGES,
  DEFAULT_TEXTS,
  MAX_RETRY_AFTER_MS,
  brokerError,
  cleanReason,
  parseRetryAfter,
  scrubError,
  statusError,
} from '../../../src/brokers/errors.ts';
import { crossCheckExpiry, jwtExpiry, normaliseExpiry } from '../../../src/brokers/expiry.ts';
import { guard } from '../../../src/brokers/guard.ts';
import { englishOf } from '../../../src/brokers/messages.ts';
import type { BrokerError } from '../../../src/brokers/types.ts';
import { NOW, jwt } from './fake-fetch.ts';

describe('Retry-After', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(parseRetryAfter(new Date(NOW - 30_000).toUTCString(), NOW)).toBe(0);
  });
  it('caps absurd values at a day', () => {
    expect(parseRetryAfter('99999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', NOW)).toBe(MAX_RETRY_AFTER_MS);
  });
  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('1.5', NOW)).toBeUndefined();
    expect(parseRetryAfter('-3', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });
});

describe('status errors', () => {
  it('maps 429 to rate-limited with retryAfterMs', () => {
    const error = statusError(429, new Headers({ 'retry-after': '3' }), NOW);
    expect(error).toMatchObject({ code: 'rate-limited', retryAfterMs: 3000 });
    expect(statusError(429, new Headers(), NOW)).not.toHaveProperty('retryAfterMs');
  });
  it('maps 5xx to server-error with the status in the message', () => {
    expect(statusError(502, new Headers(), NOW)).toEqual({
      code: 'server-error',
      message: "The broker's server had a problem (HTTP 502). Try again shortly.",
      text: { key: 'brokerServerErrorStatus', subs: ['502'] },
    });
  });
  it('leaves other statuses to the broker', () => {
    expect(statusError(401, new Headers(), NOW)).toBeUndefined();
    expect(statusError(200, new Headers(), NOW)).toBeUndefined();
  });
  it('builds errors with the default message', () => {
    expect(brokerError('timeout')).toEqual({
      code: 'timeout',
      message: 'The broker did not answer in time.',
      text: { key: 'brokerTimeout' },
    });
    for (const [code, text] of Object.entries(DEFAULT_TEXTS)) {
      expect(DEFAULT_MESSAGES[code as BrokerError['code']]).toBe(englishOf(text));
    }
  });
});

describe('broker reasons', () => {
  it('keeps a short reason on one line', () => {
    expect(cleanReason('  Invalid\r\ncode ', [])).toBe('Invalid code');
  });
  it('caps a long reason', () => {
    const reason = cleanReason('x'.repeat(1000), []);
    expect(reason).toHaveLength(200);
    expect(reason?.endsWith('…')).toBe(true);
  });
  it('drops a reason that echoes a secret, and anything that is not text', () => {
    expect(cleanReason('bad password hunter2', ['hunter2'])).toBeUndefined();
    expect(cleanReason(42, [])).toBeUndefined();
    expect(cleanReason(' \n ', [])).toBeUndefined();
  });
  it('replaces a message or text holding a secret by the fixed one for its code', () => {
    const fixed = { code: 'network', message: 'Could not reach the broker.', text: { key: 'brokerNetwork' } };
    const leaky = brokerError('network', {
      key: 'brokerWithReason',
      subs: [DEFAULT_TEXTS.network, 'leak hunter2'],
    });
    expect(scrubError(leaky, ['hunter2'])).toEqual(fixed);
    // The extension puts the text into words itself: a secret only in the text is caught too.
    const textOnly: BrokerError = { ...fixed, code: 'network', text: leaky.text };
    expect(scrubError(textOnly, ['hunter2'])).toEqual(fixed);
    const short = brokerError('network');
    expect(scrubError(short, ['e'])).toBe(short);
  });
});

describe('expirationTime normalisation', () => {
  it('treats small numbers as seconds from now', () => {
    expect(normaliseExpiry(3600, NOW)).toBe(NOW + 3_600_000);
    expect(normaliseExpiry(0, NOW)).toBe(NOW);
  });
  it('treats numbers from 1e9 as Unix seconds', () => {
    expect(normaliseExpiry(1758546865, NOW)).toBe(1758546865000);
  });
  it('treats numbers from 1e12 as Unix milliseconds', () => {
    expect(normaliseExpiry(1758546865123, NOW)).toBe(1758546865123);
  });
});

describe('JWT exp cross-check', () => {
  const exp = Math.floor(NOW / 1000) + 600;
  it('reads exp without verifying the signature', () => {
    expect(jwtExpiry(jwt(exp))).toBe(exp * 1000);
  });
  it('trusts the earlier of exp and the computed expiry', () => {
    expect(crossCheckExpiry(NOW + 3_600_000, jwt(exp))).toBe(exp * 1000);
    expect(crossCheckExpiry(NOW + 60_000, jwt(exp))).toBe(NOW + 60_000);
  });
  it('ignores tokens that are not JWTs or have no numeric exp', () => {
    for (const token of ['opaque', 'a.b', 'a.!!.c', 'a.bm90IGpzb24.c', jwt('soon'), jwt(null), 'x.e30.y']) {
      expect(jwtExpiry(token)).toBeUndefined();
      expect(crossCheckExpiry(NOW, token)).toBe(NOW);
    }
  });
});

describe('guard', () => {
  it('turns a throw into bad-response', async () => {
    const result = await guard(
      () => [],
      () => Promise.reject(new Error('boom')),
    );
    expect(result).toEqual({
      kind: 'failed',
      error: {
        code: 'bad-response',
        message: 'Something unexpected went wrong while talking to the broker.',
        text: { key: 'brokerUnexpected' },
      },
    });
  });
  it('survives a secrets getter that throws', async () => {
    const result = await guard(
      () => {
        throw new TypeError('no credentials');
      },
      async () => ({ kind: 'active' }),
    );
    expect(result).toMatchObject({ kind: 'failed', error: { code: 'bad-response' } });
  });
  it('scrubs secrets from messages and one-time-token reasons', async () => {
    const failedResult = await guard(
      () => ['s3cret-value'],
      async () => ({
        kind: 'failed' as const,
        error: brokerError('timeout', { key: 'brokerCouldNotReachOrigin', subs: ['x s3cret-value'] }),
      }),
    );
    expect(failedResult).toEqual({
      kind: 'failed',
      error: { code: 'timeout', message: DEFAULT_MESSAGES.timeout, text: DEFAULT_TEXTS.timeout },
    });
    const reason = await guard(
      () => ['s3cret-value'],
      async () => ({ valid: false as const, reason: 's3cret-value used' }),
    );
    expect(reason).toEqual({
      valid: false,
      reason: 'The one-time token is not valid.',
      reasonText: { key: 'brokerOneTimeTokenNotValid' },
    });
    const fine = await guard(
      () => ['s3cret-value'],
      async () => ({ valid: false as const, reason: 'already used' }),
    );
    expect(fine).toEqual({ valid: false, reason: 'already used' });
  });
});
