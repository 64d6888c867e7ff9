// Volven against a scripted fetch: the branches the sandbox never takes (see sandbox.test.ts for the flows).
import { describe, expect, it } from 'vitest';
import { VOLVEN_TOTP_MESSAGE, volven } from '../../../src/brokers/volven.ts';
import type { VolvenPending } from '../../../src/brokers/types.ts';
import { NOW, deps, fakeFetch, json, jwt, profiles, text } from './fake-fetch.ts';

const profile = profiles.volven;
const credentials = { username: 'trader@volven.test', password: 'pa55-word' };
const challengeBody = {
  awsUsername: '9205eec4',
  session: 'AYAB-session',
  challengeName: 'SOFTWARE_TOKEN_MFA',
  status: 'CHALLENGE_REQUIRED',
};
const pending: VolvenPending = { broker: 'volven', ...challengeBody, startedAt: NOW };
const signedIn = (token = 'jwt-token', body: object = { refreshToken: 'rt-1', expirationTime: 3600 }) =>
  json(200, { isAppConnected: false, ...body }, { Authorization: `Bearer ${token}` });
const volvenError = (status: number, error: string, description: string) =>
  json(status, { timestamp: 'now', status, path: '/', errorCode: 'X', error, errors: [{ description }] });

describe('Volven login', () => {
  it('posts the credentials as JSON to the login endpoint', async () => {
    const { fetch, sent } = fakeFetch(signedIn());
    await volven.login(profile, credentials, deps(fetch));
    expect(sent[0]).toMatchObject({
      url: 'https://api.volven.test/httpserver/main/v2/auth/login',
      method: 'POST',
      body: JSON.stringify(credentials),
    });
  });

  it('returns a TOTP challenge with everything needed to answer it', async () => {
    const { fetch } = fakeFetch(json(200, challengeBody));
    expect(await volven.login(profile, credentials, deps(fetch))).toEqual({
      kind: 'challenge',
      challenge: { type: 'totp', message: VOLVEN_TOTP_MESSAGE, text: { key: 'brokerEnterTotp' } },
      pending,
    });
  });

  it('calls any other challenge a code', async () => {
    const { fetch } = fakeFetch(json(200, { ...challengeBody, challengeName: 'SMS_MFA' }));
    expect(await volven.login(profile, credentials, deps(fetch))).toMatchObject({
      kind: 'challenge',
      challenge: { type: 'code' },
    });
  });

  it('takes the token from the header, with or without the Bearer prefix', async () => {
    for (const header of ['Bearer jwt-token', 'jwt-token', 'bearer   jwt-token ']) {
      const { fetch } = fakeFetch(
        json(200, { refreshToken: 'rt-1', expirationTime: 3600 }, { Authorization: header }),
      );
      expect(await volven.login(profile, credentials, deps(fetch))).toEqual({
        kind: 'active',
        tokens: { accessToken: 'jwt-token', expiresAt: NOW + 3_600_000, refreshToken: 'rt-1' },
      });
    }
  });

  it('trusts an earlier JWT exp over expirationTime', async () => {
    const token = jwt(NOW / 1000 + 60);
    const { fetch } = fakeFetch(signedIn(token, { expirationTime: 3600 }));
    expect(await volven.login(profile, credentials, deps(fetch))).toEqual({
      kind: 'active',
      tokens: { accessToken: token, expiresAt: NOW + 60_000 },
    });
  });

  it('reports a success without the Authorization header as bad-response', async () => {
    const { fetch } = fakeFetch(json(200, { refreshToken: 'rt', expirationTime: 3600 }));
    expect(await volven.login(profile, credentials, deps(fetch))).toMatchObject({
      kind: 'failed',
      error: { code: 'bad-response', message: expect.stringContaining('Authorization') },
    });
  });

  it('maps 401 to invalid-credentials with the broker reason, and drops a reason that echoes the password', async () => {
    const { fetch } = fakeFetch(
      volvenError(401, 'Incorrect username or password', 'Incorrect username or password'),
    );
    expect(await volven.login(profile, credentials, deps(fetch))).toEqual({
      kind: 'failed',
      error: {
        code: 'invalid-credentials',
        message:
          'The broker did not accept the email or password. The broker said: "Incorrect username or password"',
        text: {
          key: 'brokerWithReason',
          subs: [{ key: 'brokerEmailOrPasswordRejected' }, 'Incorrect username or password'],
        },
      },
    });
    const echo = fakeFetch(volvenError(403, 'Bad password pa55-word', 'Nope'));
    const result = await volven.login(profile, credentials, deps(echo.fetch));
    expect(result).toMatchObject({ kind: 'failed', error: { code: 'invalid-credentials' } });
    expect(JSON.stringify(result)).not.toContain('pa55-word');
  });

  it('shows the HTTP status when the error has no text', async () => {
    const { fetch } = fakeFetch(json(400, { errors: [] }));
    expect(await volven.login(profile, credentials, deps(fetch))).toEqual({
      kind: 'failed',
      error: {
        code: 'bad-response',
        message: 'The broker refused the sign-in (HTTP 400).',
        text: { key: 'brokerRefusedSignIn', subs: ['400'] },
      },
    });
  });

  it('reports an answer of neither shape as bad-response', async () => {
    const { fetch } = fakeFetch(json(200, { expirationTime: '3600' }, { Authorization: 'Bearer t' }));
    expect(await volven.login(profile, credentials, deps(fetch))).toMatchObject({
      error: { code: 'bad-response' },
    });
  });
});

describe('Volven challenge', () => {
  it('re-posts the four fields and the code, spaces removed', async () => {
    const { fetch, sent } = fakeFetch(signedIn());
    const result = await volven.answerChallenge(profile, pending, ' 123 456 ', deps(fetch));
    expect(result).toMatchObject({ kind: 'active', tokens: { accessToken: 'jwt-token' } });
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({ ...challengeBody, challengeAnswer: '123456' });
  });

  it('refuses a TOTP answer that is not 6 digits without sending it', async () => {
    const { fetch, sent } = fakeFetch(signedIn());
    expect(await volven.answerChallenge(profile, pending, '12345', deps(fetch))).toMatchObject({
      error: { code: 'invalid-code' },
    });
    expect(sent).toHaveLength(0);
  });

  it('refuses a challenge of another broker', async () => {
    const { fetch } = fakeFetch(signedIn());
    const etnaPending = {
      broker: 'etna' as const,
      step: 'VerificationCode' as const,
      username: 'u',
      password: 'p',
      interimToken: 'i',
      startedAt: NOW,
    };
    expect(await volven.answerChallenge(profile, etnaPending, '123456', deps(fetch))).toMatchObject({
      error: { code: 'bad-response' },
    });
  });

  it('maps 401 to challenge-expired and 400 to invalid-code', async () => {
    const expired = fakeFetch(volvenError(401, 'Session expired, sign in again', 'gone'));
    expect(await volven.answerChallenge(profile, pending, '123456', deps(expired.fetch))).toMatchObject({
      error: { code: 'challenge-expired', message: expect.stringContaining('Sign in again') },
    });
    const wrong = fakeFetch(volvenError(400, 'Invalid code', 'The code is not valid'));
    expect(await volven.answerChallenge(profile, pending, '123456', deps(wrong.fetch))).toEqual({
      kind: 'failed',
      error: {
        code: 'invalid-code',
        message:
          'The broker did not accept the code. Try the current one. The broker said: "Invalid code; The code is not valid"',
        text: {
          key: 'brokerWithReason',
          subs: [{ key: 'brokerCodeNotAcceptedCurrent' }, 'Invalid code; The code is not valid'],
        },
      },
    });
  });

  it('sends an old challenge anyway; a refusal of it without words reads as expired, with words as they say', async () => {
    const { fetch, sent } = fakeFetch(text(400, ''));
    const old = { ...pending, startedAt: NOW - 4 * 60_000 };
    expect(await volven.answerChallenge(profile, old, '123456', deps(fetch))).toMatchObject({
      error: { code: 'challenge-expired' },
    });
    expect(sent).toHaveLength(1);
    const typo = fakeFetch(volvenError(400, 'Invalid code', 'The code is not valid'));
    expect(await volven.answerChallenge(profile, old, '123456', deps(typo.fetch))).toMatchObject({
      error: { code: 'invalid-code' },
    });
    const cognito = fakeFetch(volvenError(400, 'Invalid session for the user, session is expired.', ''));
    expect(await volven.answerChallenge(profile, pending, '123456', deps(cognito.fetch))).toMatchObject({
      error: { code: 'challenge-expired' },
    });
  });

  it.each([
    [
      'a 401 with Cognito’s CodeMismatchException',
      401,
      { __type: 'CodeMismatchException', message: 'Invalid code received for user' },
      'invalid-code',
    ],
    ['a 400 with Cognito’s message only', 400, { message: 'Invalid code received for user' }, 'invalid-code'],
    [
      'a 401 with Cognito’s expired session',
      401,
      { __type: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' },
      'challenge-expired',
    ],
    [
      'a 400 with Cognito’s expired session',
      400,
      { message: 'Invalid session for the user, session is expired.' },
      'challenge-expired',
    ],
    ['a 401 without words', 401, {}, 'challenge-expired'],
  ] as const)('classifies %s by the reason first, the status second', async (_, status, body, code) => {
    const { fetch } = fakeFetch(json(status, body));
    expect(await volven.answerChallenge(profile, pending, '123456', deps(fetch))).toMatchObject({
      kind: 'failed',
      error: { code },
    });
  });

  it('maps other refusals to bad-response with the status', async () => {
    const { fetch } = fakeFetch(text(404, 'nope'));
    expect(await volven.answerChallenge(profile, pending, '123456', deps(fetch))).toEqual({
      kind: 'failed',
      error: {
        code: 'bad-response',
        message: 'The broker refused the code (HTTP 404).',
        text: { key: 'brokerRefusedCode', subs: ['404'] },
      },
    });
  });
});

describe('Volven refresh', () => {
  const tokens = {
    accessToken: 'old-token',
    expiresAt: NOW + 1000,
    refreshToken: 'rt-1',
    refreshExpiresAt: NOW + 9e6,
  };

  it('posts the refresh token and takes a new Authorization header', async () => {
    const token = jwt(NOW / 1000 + 30);
    const { fetch, sent } = fakeFetch(
      json(200, { expirationTime: NOW / 1000 + 3600 }, { Authorization: `Bearer ${token}` }),
    );
    expect(await volven.refresh?.(profile, tokens, deps(fetch))).toEqual({
      kind: 'active',
      tokens: { ...tokens, accessToken: token, expiresAt: NOW + 30_000 },
    });
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({ refreshToken: 'rt-1' });
  });

  it('keeps the token when the session is only prolonged, even past its JWT exp', async () => {
    const current = { ...tokens, accessToken: jwt(NOW / 1000 + 5) };
    const { fetch } = fakeFetch(json(200, { expirationTime: NOW + 3_600_000 }));
    expect(await volven.refresh?.(profile, current, deps(fetch))).toEqual({
      kind: 'active',
      tokens: { ...current, expiresAt: NOW + 3_600_000 },
    });
  });

  it('takes a new refresh token when one comes back', async () => {
    const { fetch } = fakeFetch(
      json(200, { expirationTime: 600, refreshToken: 'rt-2' }, { Authorization: 'Bearer t2' }),
    );
    expect(await volven.refresh?.(profile, tokens, deps(fetch))).toMatchObject({
      tokens: { accessToken: 't2', refreshToken: 'rt-2', expiresAt: NOW + 600_000 },
    });
  });

  it('needs a refresh token', async () => {
    const { fetch, sent } = fakeFetch(json(200, {}));
    expect(await volven.refresh?.(profile, { accessToken: 'a', expiresAt: NOW }, deps(fetch))).toMatchObject({
      error: { code: 'session-expired' },
    });
    expect(sent).toHaveLength(0);
  });

  it('maps 400/401/403 to session-expired, other refusals and odd bodies to bad-response', async () => {
    for (const status of [400, 401, 403]) {
      const { fetch } = fakeFetch(volvenError(status, 'Session expired, sign in again', ''));
      expect(await volven.refresh?.(profile, tokens, deps(fetch))).toMatchObject({
        error: { code: 'session-expired' },
      });
    }
    const missing = fakeFetch(json(404, {}));
    expect(await volven.refresh?.(profile, tokens, deps(missing.fetch))).toMatchObject({
      error: { code: 'bad-response', message: 'The broker refused the refresh (HTTP 404).' },
    });
    const odd = fakeFetch(json(200, { expirationTime: -1 }));
    expect(await volven.refresh?.(profile, tokens, deps(odd.fetch))).toMatchObject({
      error: { code: 'bad-response' },
    });
    const down = fakeFetch(text(503, ''));
    expect(await volven.refresh?.(profile, tokens, deps(down.fetch))).toMatchObject({
      error: { code: 'server-error' },
    });
  });
});

it('Volven requests carry the bearer token', () => {
  expect(volven.requestHeaders(profile, { accessToken: 'abc', expiresAt: NOW })).toEqual([
    { name: 'Authorization', value: 'Bearer abc' },
  ]);
  expect(volven.verifyOneTimeToken).toBeUndefined();
});
