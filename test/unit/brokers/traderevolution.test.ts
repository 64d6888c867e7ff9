// TraderEvolution against a scripted fetch: the branches the sandbox never takes (see sandbox.test.ts).
import { describe, expect, it } from 'vitest';
import { traderevolution as te } from '../../../src/brokers/traderevolution.ts';
import { NOW, deps, fakeFetch, json, profiles, text } from './fake-fetch.ts';

const profile = profiles.traderevolution;
const credentials = { username: 'te-trader', password: 'pa55-word' };
const pair = {
  accessToken: 'at-1',
  accessTokenLifeTime: 300,
  refreshToken: 'rt-1',
  refreshTokenLifeTime: 3600,
};
const teError = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  json(status, { errors: [{ code, message }] }, headers);
const tokens = {
  accessToken: 'at-1',
  expiresAt: NOW + 1000,
  refreshToken: 'rt-1',
  refreshExpiresAt: NOW + 9000,
};

describe('TraderEvolution login', () => {
  it('posts login and password, and turns lifetimes into epoch ms', async () => {
    const { fetch, sent } = fakeFetch(json(200, pair));
    expect(await te.login(profile, credentials, deps(fetch))).toEqual({
      kind: 'active',
      tokens: {
        accessToken: 'at-1',
        expiresAt: NOW + 300_000,
        refreshToken: 'rt-1',
        refreshExpiresAt: NOW + 3_600_000,
      },
    });
    expect(sent[0]).toMatchObject({
      url: 'https://te.test:8443/proftrading/rest/auth/token',
      method: 'POST',
      body: JSON.stringify({ login: 'te-trader', password: 'pa55-word' }),
    });
  });

  it('accepts a pair without refresh lifetime, or without refresh token', async () => {
    const noLife = fakeFetch(json(200, { ...pair, refreshTokenLifeTime: undefined }));
    expect(await te.login(profile, credentials, deps(noLife.fetch))).toEqual({
      kind: 'active',
      tokens: { accessToken: 'at-1', expiresAt: NOW + 300_000, refreshToken: 'rt-1' },
    });
    const none = fakeFetch(json(200, { accessToken: 'at', accessTokenLifeTime: 60 }));
    expect(await te.login(profile, credentials, deps(none.fetch))).toEqual({
      kind: 'active',
      tokens: { accessToken: 'at', expiresAt: NOW + 60_000 },
    });
  });

  it('maps dotted codes and statuses', async () => {
    const cases: [Response, string][] = [
      [teError(401, '1.2.0.11', 'Wrong login or password'), 'invalid-credentials'],
      [teError(400, '1.2.0.11', 'Wrong login or password'), 'invalid-credentials'],
      [text(403, ''), 'invalid-credentials'],
      [teError(400, '2.0.2.4', 'No access to REST API'), 'no-api-access'],
      [teError(400, '2.147.1.27', 'Too many requests'), 'rate-limited'],
      [json(400, { errors: [{ code: 1, message: 'Bad' }, { message: 'Bad' }] }), 'bad-response'],
      [text(500, '<html>oops</html>'), 'server-error'],
      [json(200, { ...pair, accessTokenLifeTime: '300' }), 'bad-response'],
    ];
    for (const [response, code] of cases) {
      const { fetch } = fakeFetch(response);
      expect(await te.login(profile, credentials, deps(fetch)), code).toMatchObject({
        kind: 'failed',
        error: { code },
      });
    }
  });

  it("shows the broker's message and the Retry-After", async () => {
    const { fetch } = fakeFetch(teError(429, '2.147.1.27', 'Too many requests', { 'Retry-After': '4' }));
    expect(await te.login(profile, credentials, deps(fetch))).toEqual({
      kind: 'failed',
      error: {
        code: 'rate-limited',
        message: 'Too many attempts. Wait a moment and try again. The broker said: "Too many requests"',
        text: { key: 'brokerWithReason', subs: [{ key: 'brokerRateLimited' }, 'Too many requests'] },
        retryAfterMs: 4000,
      },
    });
    const refused = fakeFetch(json(404, { errors: [{ code: '1.0.0.404', message: 'Not found' }] }));
    expect(await te.login(profile, credentials, deps(refused.fetch))).toMatchObject({
      error: { message: 'The broker refused the sign-in (HTTP 404). The broker said: "Not found"' },
    });
  });

  it('has no second step', async () => {
    const { fetch, sent } = fakeFetch(json(200, pair));
    const pending = {
      broker: 'volven' as const,
      awsUsername: 'a',
      session: 's',
      challengeName: 'c',
      status: 's',
      startedAt: 0,
    };
    expect(await te.answerChallenge(profile, pending, '123456', deps(fetch))).toMatchObject({
      error: { code: 'bad-response' },
    });
    expect(sent).toHaveLength(0);
  });
});

describe('TraderEvolution refresh', () => {
  it('sends the refresh token in the token header and returns the new pair', async () => {
    const { fetch, sent } = fakeFetch(json(200, { ...pair, accessToken: 'at-2', refreshToken: 'rt-2' }));
    expect(await te.refresh?.(profile, tokens, deps(fetch))).toEqual({
      kind: 'active',
      tokens: {
        accessToken: 'at-2',
        expiresAt: NOW + 300_000,
        refreshToken: 'rt-2',
        refreshExpiresAt: NOW + 3_600_000,
      },
    });
    expect(sent[0]).toMatchObject({
      url: 'https://te.test:8443/proftrading/rest/auth/token/refresh',
      method: 'GET',
      headers: { token: 'rt-1' },
      body: undefined,
    });
  });

  it('needs a refresh token', async () => {
    const { fetch, sent } = fakeFetch(json(200, pair));
    expect(await te.refresh?.(profile, { accessToken: 'a', expiresAt: 0 }, deps(fetch))).toMatchObject({
      error: { code: 'session-expired' },
    });
    expect(sent).toHaveLength(0);
  });

  it('maps a refused refresh to session-expired, other statuses to bad-response', async () => {
    for (const status of [400, 401, 403]) {
      const { fetch } = fakeFetch(teError(status, '1.2.0.14', 'Refresh token is not valid'));
      expect(await te.refresh?.(profile, tokens, deps(fetch))).toEqual({
        kind: 'failed',
        error: {
          code: 'session-expired',
          message:
            'The broker ended the session. Sign in again. The broker said: "Refresh token is not valid"',
          text: {
            key: 'brokerWithReason',
            subs: [{ key: 'brokerSessionEnded' }, 'Refresh token is not valid'],
          },
        },
      });
    }
    const { fetch } = fakeFetch(text(404, ''));
    expect(await te.refresh?.(profile, tokens, deps(fetch))).toMatchObject({
      error: { code: 'bad-response', message: 'The broker refused the refresh (HTTP 404).' },
    });
  });
});

describe('TraderEvolution one-time token', () => {
  const verify = (response: Response) => {
    const { fetch, sent } = fakeFetch(response);
    return { result: te.verifyOneTimeToken?.(profile, tokens, 'ott-123', deps(fetch)), sent };
  };

  it('posts the token with the access token as bearer', async () => {
    const { result, sent } = verify(json(200, { login: 'te-trader' }));
    expect(await result).toEqual({ valid: true, login: 'te-trader' });
    expect(sent[0]).toMatchObject({
      url: 'https://te.test:8443/proftrading/rest/external/token/verify',
      method: 'POST',
      headers: { authorization: 'Bearer at-1', 'content-type': 'application/json' },
      body: '{"token":"ott-123"}',
    });
  });

  it('accepts the login as plain text or as a JSON string', async () => {
    expect(await verify(text(200, 'te-trader\n')).result).toEqual({ valid: true, login: 'te-trader' });
    expect(await verify(json(200, 'te-trader')).result).toEqual({ valid: true, login: 'te-trader' });
  });

  it('reads a 200 "not valid" as not valid', async () => {
    expect(await verify(text(200, 'Token is not valid')).result).toEqual({
      valid: false,
      reason: 'Token is not valid',
    });
    expect(await verify(text(200, 'ott-123 expired')).result).toEqual({
      valid: false,
      reason: 'The one-time token is not valid.',
      reasonText: { key: 'brokerOneTimeTokenNotValid' },
    });
  });

  it("gives 4xx as not valid with the broker's words", async () => {
    expect(await verify(teError(400, '1.5.0.3', 'Token is not valid: already used')).result).toEqual({
      valid: false,
      reason: 'Token is not valid: already used',
    });
    expect(await verify(text(404, 'expired')).result).toEqual({ valid: false, reason: 'expired' });
    expect(await verify(json(410, 'gone')).result).toEqual({ valid: false, reason: 'gone' });
    const ours = {
      valid: false,
      reason: 'The one-time token is not valid (HTTP 400).',
      reasonText: { key: 'brokerOneTimeTokenNotValidStatus', subs: ['400'] },
    };
    expect(await verify(text(400, '<html>bad</html>')).result).toEqual(ours);
    expect(await verify(text(400, 'bad ott-123')).result).toEqual(ours);
    // Two letters are no reason: the status is said instead (found by the property test).
    expect(await verify(text(402, 'AA')).result).toEqual({
      ...ours,
      reason: 'The one-time token is not valid (HTTP 402).',
      reasonText: { key: 'brokerOneTimeTokenNotValidStatus', subs: ['402'] },
    });
  });

  it('works without a refresh token too', async () => {
    const { fetch } = fakeFetch(json(200, { login: 'te-trader' }));
    const bare = { accessToken: 'at-1', expiresAt: NOW };
    expect(await te.verifyOneTimeToken?.(profile, bare, 'ott', deps(fetch))).toEqual({
      valid: true,
      login: 'te-trader',
    });
  });

  it('fails on an expired session, rate limit, server trouble and unreadable answers', async () => {
    const cases: [Response, string][] = [
      [teError(401, '1.2.0.1', 'Unauthorized'), 'session-expired'],
      [text(429, ''), 'rate-limited'],
      [text(503, ''), 'server-error'],
      [text(200, ''), 'bad-response'],
      [text(200, '<html><body>login</body></html>'), 'bad-response'],
      [text(200, 'x'.repeat(201)), 'bad-response'],
      [json(200, { user: 'te-trader' }), 'bad-response'],
      [text(200, '{"State": "Succ'), 'bad-response'],
      [text(200, 'two words'), 'bad-response'],
      [new Response(null, { status: 304 }), 'bad-response'],
    ];
    for (const [response, code] of cases) {
      expect(await verify(response).result, code).toMatchObject({ kind: 'failed', error: { code } });
    }
  });
});

it('TraderEvolution requests carry the bearer token', () => {
  expect(te.requestHeaders(profile, tokens)).toEqual([{ name: 'Authorization', value: 'Bearer at-1' }]);
});
