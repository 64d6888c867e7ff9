// ETNA against a scripted fetch: the branches the sandbox never takes (see sandbox.test.ts for the flows).
import { describe, expect, it } from 'vitest';
import { ETNA_TOKEN_LIFETIME_MS, etna } from '../../../src/brokers/etna.ts';
import type { EtnaPending } from '../../../src/brokers/types.ts';
import { NOW, deps, fakeFetch, json, profiles, text } from './fake-fetch.ts';

const profile = profiles.etna;
const credentials = { username: 'etna-trader', password: 'pa55-word' };
const expecting = (Step: string, Token = 'interim+token==') => ({
  Step,
  Reason: Step === 'VerificationCode' ? 'Expecting confirmation code' : 'Expecting security PIN',
  State: 'Expecting',
  Token,
});
const pending: EtnaPending = {
  broker: 'etna',
  step: 'VerificationCode',
  username: 'etna-trader',
  password: 'pa55-word',
  interimToken: 'interim+token==',
  startedAt: NOW - 1000,
};
const failedState = (Step: string, Reason: string) => json(401, { State: 'Failed', Step, Reason });

describe('ETNA login', () => {
  it('sends the credentials and app key as headers, with no body', async () => {
    const { fetch, sent } = fakeFetch(json(200, { State: 'Succeeded', Token: 'tok' }));
    expect(await etna.login(profile, credentials, deps(fetch))).toEqual({
      kind: 'active',
      tokens: { accessToken: 'tok', expiresAt: NOW + ETNA_TOKEN_LIFETIME_MS },
    });
    expect(sent[0]).toEqual({
      url: 'https://etna.test/api/token',
      method: 'POST',
      headers: { username: 'etna-trader', password: 'pa55-word', 'et-app-key': 'app-key-1' },
      body: undefined,
    });
  });

  it("uses the profile's session lifetime when it has a usable one", async () => {
    for (const [tokenLifetimeSec, lifetime] of [
      [3600, 3_600_000],
      [0, ETNA_TOKEN_LIFETIME_MS],
      [-5, ETNA_TOKEN_LIFETIME_MS],
      [Number.NaN, ETNA_TOKEN_LIFETIME_MS],
    ]) {
      const { fetch } = fakeFetch(json(200, { State: 'Succeeded', Token: 'tok' }));
      expect(await etna.login({ ...profile, tokenLifetimeSec }, credentials, deps(fetch))).toMatchObject({
        tokens: { expiresAt: NOW + (lifetime ?? 0) },
      });
    }
  });

  it('sends nothing without an app key', async () => {
    for (const appKey of [undefined, '', '  ']) {
      const { fetch, sent } = fakeFetch(json(200, {}));
      expect(await etna.login({ ...profile, appKey }, credentials, deps(fetch))).toMatchObject({
        error: { code: 'app-key-rejected' },
      });
      expect(sent).toHaveLength(0);
    }
  });

  it('sends nothing when a credential cannot travel as a header', async () => {
    for (const password of ['pässwörd€', ' padded', 'line\nbreak']) {
      const { fetch, sent } = fakeFetch(json(200, {}));
      const result = await etna.login(profile, { ...credentials, password }, deps(fetch));
      expect(result).toMatchObject({ error: { code: 'invalid-credentials' } });
      expect(JSON.stringify(result)).not.toContain(password);
      expect(sent).toHaveLength(0);
    }
  });

  it('turns Expecting into a code or PIN challenge (either PIN spelling), on 200 or 202', async () => {
    for (const status of [200, 202]) {
      const { fetch } = fakeFetch(json(status, expecting('VerificationCode')));
      expect(await etna.login(profile, credentials, deps(fetch))).toEqual({
        kind: 'challenge',
        challenge: {
          type: 'code',
          message:
            'Enter the verification code the broker sent you by email or SMS. The broker said: "Expecting confirmation code"',
          text: {
            key: 'brokerWithReason',
            subs: [{ key: 'brokerEnterCodeByEmailOrSms' }, 'Expecting confirmation code'],
          },
        },
        pending: { ...pending, startedAt: NOW },
      });
    }
    for (const step of ['SecutityPin', 'SecurityPin']) {
      const { fetch } = fakeFetch(json(202, expecting(step)));
      expect(await etna.login(profile, credentials, deps(fetch))).toMatchObject({
        challenge: { type: 'pin', message: 'Enter your security PIN.', text: { key: 'brokerEnterPin' } },
        pending: { step: 'SecutityPin' },
      });
    }
  });

  it('maps the documented failures', async () => {
    const cases: [Response, string][] = [
      [json(401, { error: 'Application key is not defined or does not exist' }), 'app-key-rejected'],
      [json(403, { error: 'Application key is not defined or does not exist' }), 'app-key-rejected'],
      [failedState('BaseAuthentication', 'Invalid credentials'), 'invalid-credentials'],
      [failedState('Other', 'Locked'), 'invalid-credentials'],
      [text(401, ''), 'invalid-credentials'],
      [json(429, { Message: 'Too many requests' }, { 'Retry-After': '6' }), 'rate-limited'],
      [text(502, '<html>'), 'server-error'],
      [json(404, { Message: 'No HTTP resource' }), 'bad-response'],
      [json(200, { State: 'Succeeded' }), 'bad-response'],
      [json(200, { State: 'Expecting', Step: 'Captcha', Token: 't' }), 'bad-response'],
      [json(200, { error: 'something else' }), 'bad-response'],
    ];
    for (const [response, code] of cases) {
      const { fetch } = fakeFetch(response);
      expect(await etna.login(profile, credentials, deps(fetch)), code).toMatchObject({
        kind: 'failed',
        error: { code },
      });
    }
  });

  it('keeps the Retry-After of a 429', async () => {
    const { fetch } = fakeFetch(json(429, { Message: 'Too many requests' }, { 'Retry-After': '6' }));
    expect(await etna.login(profile, credentials, deps(fetch))).toMatchObject({
      error: { retryAfterMs: 6000 },
    });
  });
});

describe('ETNA second request', () => {
  it('adds the interim bearer and VerificationCode, spaces removed', async () => {
    const { fetch, sent } = fakeFetch(json(200, { State: 'Succeeded', Token: 'final' }));
    expect(await etna.answerChallenge(profile, pending, ' 123 456 ', deps(fetch))).toMatchObject({
      kind: 'active',
      tokens: { accessToken: 'final' },
    });
    expect(sent[0]?.headers).toEqual({
      username: 'etna-trader',
      password: 'pa55-word',
      'et-app-key': 'app-key-1',
      authorization: 'Bearer interim+token==',
      verificationcode: '123456',
    });
  });

  it('answers the PIN step with PinCode', async () => {
    const { fetch, sent } = fakeFetch(json(200, { State: 'Succeeded', Token: 'final' }));
    await etna.answerChallenge(profile, { ...pending, step: 'SecutityPin' }, '2468', deps(fetch));
    expect(sent[0]?.headers).toMatchObject({ pincode: '2468' });
    expect(sent[0]?.headers).not.toHaveProperty('verificationcode');
  });

  it('refuses an empty code, or a pending challenge of another broker, without sending', async () => {
    const { fetch, sent } = fakeFetch(json(200, {}));
    expect(await etna.answerChallenge(profile, pending, '  ', deps(fetch))).toMatchObject({
      error: { code: 'invalid-code' },
    });
    expect(await etna.answerChallenge(profile, pending, 'ü€', deps(fetch))).toMatchObject({
      error: { code: 'invalid-code' },
    });
    const other = {
      broker: 'volven' as const,
      awsUsername: 'a',
      session: 's',
      challengeName: 'c',
      status: 's',
      startedAt: 0,
    };
    expect(await etna.answerChallenge(profile, other, '123456', deps(fetch))).toMatchObject({
      error: { code: 'bad-response' },
    });
    expect(sent).toHaveLength(0);
  });

  it('maps a corrupted or expired ticket to challenge-expired and a wrong code to invalid-code', async () => {
    const cases: [Response, string, string][] = [
      [failedState('VerificationCode', 'Corrupted ticket'), 'challenge-expired', 'Sign in again'],
      [failedState('VerificationCode', 'Verification code expired'), 'challenge-expired', 'Sign in again'],
      [
        json(401, { Message: 'Authorization has been denied for this request.' }),
        'challenge-expired',
        'Sign in',
      ],
      [failedState('VerificationCode', 'Invalid verification code'), 'invalid-code', 'code'],
      [failedState('SecutityPin', 'Invalid security PIN'), 'invalid-code', 'PIN'],
      [failedState('BaseAuthentication', 'Invalid credentials'), 'invalid-credentials', 'password'],
    ];
    for (const [response, code, words] of cases) {
      const { fetch } = fakeFetch(response);
      expect(await etna.answerChallenge(profile, pending, '123456', deps(fetch))).toMatchObject({
        error: { code, message: expect.stringContaining(words) },
      });
    }
  });

  it('keeps the original start time if the broker asks again', async () => {
    const { fetch } = fakeFetch(json(200, expecting('VerificationCode', 'interim-2')));
    expect(await etna.answerChallenge(profile, pending, '123456', deps(fetch))).toMatchObject({
      kind: 'challenge',
      pending: { interimToken: 'interim-2', startedAt: pending.startedAt },
    });
  });
});

it('ETNA requests carry the bearer token and the app key; there is no refresh', () => {
  const tokens = { accessToken: 'abc', expiresAt: NOW };
  expect(etna.requestHeaders(profile, tokens)).toEqual([
    { name: 'Authorization', value: 'Bearer abc' },
    { name: 'Et-App-Key', value: 'app-key-1' },
  ]);
  expect(etna.requestHeaders({ ...profile, appKey: undefined }, tokens)).toHaveLength(1);
  expect('refresh' in etna).toBe(false);
  expect(etna.verifyOneTimeToken).toBeUndefined();
});
