import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/index.ts';
import type { Sandbox } from '../../../sandbox/index.ts';
import { bearerOf, decodeJwtPayload, postJson, testClock, totpCode, wrongCode } from './support.ts';

let sb: Sandbox;
const clock = testClock();
let login: string;
let base: string;

beforeAll(async () => {
  sb = await startSandbox({ now: clock.now });
  base = sb.loopbackUrls.volven;
  login = `${base}/httpserver/main/v2/auth/login`;
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

const NOMFA = { username: 'nomfa@volven.test', password: 'volven-demo' };
const MFA = { username: 'trader@volven.test', password: 'volven-demo' };

async function signIn(): Promise<{ access: string; refreshToken: string }> {
  const res = await postJson(login, NOMFA);
  const body = (await res.json()) as { refreshToken: string };
  return { access: bearerOf(res)!, refreshToken: body.refreshToken };
}

const whoami = (token?: string) =>
  fetch(`${base}/whoami`, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });

async function startChallenge() {
  const res = await postJson(login, MFA);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    awsUsername: string;
    session: string;
    challengeName: string;
    status: string;
  };
}

describe('Volven password login', () => {
  it('without MFA: token in the Authorization response header, documented body', async () => {
    const res = await postJson(login, NOMFA);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-expose-headers')).toContain('Authorization');
    const token = bearerOf(res)!;
    expect(token.split('.')).toHaveLength(3);
    const claims = decodeJwtPayload(token);
    expect(claims.sub).toBe(NOMFA.username);
    expect(Number(claims.exp)).toBe(Math.floor(clock.now() / 1000 + 3600));
    expect(typeof claims.jti).toBe('string');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ refreshToken: expect.any(String), expirationTime: 3600, isAppConnected: false });
    expect(sb.issuedTokens({ broker: 'volven', kind: 'access' }).map((t) => t.token)).toEqual([token]);
  });

  it('with MFA: the documented challenge, no token yet', async () => {
    const res = await postJson(login, MFA);
    expect(res.headers.get('authorization')).toBeNull();
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      awsUsername: expect.any(String),
      session: expect.any(String),
      challengeName: 'SOFTWARE_TOKEN_MFA',
      status: 'CHALLENGE_REQUIRED',
    });
  });

  it('wrong password or unknown user: 401 in the Volven error shape', async () => {
    for (const creds of [
      { ...NOMFA, password: 'nope' },
      { username: 'who@volven.test', password: 'x' },
    ]) {
      const res = await postJson(login, creds);
      expect(res.status).toBe(401);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        status: 401,
        path: '/httpserver/main/v2/auth/login',
        error: 'Incorrect username or password',
      });
      expect(body.timestamp).toEqual(expect.any(String));
      expect(JSON.stringify(body)).not.toContain(creds.password);
    }
  });

  it('malformed or incomplete body: 400', async () => {
    const bad = await fetch(login, {
      method: 'POST',
      body: '{"username": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    const missing = await postJson(login, { username: NOMFA.username });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ errors: [{ fields: ['password'], rejectedValue: null }] });
  });
});

describe('Volven TOTP challenge', () => {
  it('the right code signs in; the session cannot be answered twice', async () => {
    const challenge = await startChallenge();
    const answer = { ...challenge, challengeAnswer: totpCode(sb.totpSecret, clock.now()) };
    const res = await postJson(login, answer);
    expect(res.status).toBe(200);
    expect(decodeJwtPayload(bearerOf(res)!).sub).toBe(MFA.username);
    expect(await res.json()).toMatchObject({ expirationTime: 3600, isAppConnected: false });
    const again = await postJson(login, answer);
    expect(again.status).toBe(401);
  });

  it('a wrong code: 400 "Invalid code", never echoed; the session still works after', async () => {
    const challenge = await startChallenge();
    const code = wrongCode(sb.totpSecret, clock.now());
    const res = await postJson(login, { ...challenge, challengeAnswer: code });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      status: 400,
      errorCode: 'INVALID_MFA_CODE',
      error: 'Invalid code',
      errors: [{ fields: ['challengeAnswer'], rejectedValue: null, description: 'The code is not valid' }],
    });
    expect(text).not.toContain(code);
    const retry = await postJson(login, {
      ...challenge,
      challengeAnswer: totpCode(sb.totpSecret, clock.now()),
    });
    expect(retry.status).toBe(200);
  });

  it('an unknown session or a mismatched awsUsername: 401 session expired', async () => {
    const challenge = await startChallenge();
    for (const tampered of [{ session: 'AYABnope' }, { awsUsername: 'someone-else' }]) {
      const res = await postJson(login, {
        ...challenge,
        ...tampered,
        challengeAnswer: totpCode(sb.totpSecret, clock.now()),
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        errorCode: 'SESSION_EXPIRED',
        error: 'Session expired, sign in again',
      });
    }
  });

  it('an expired session: 401', async () => {
    sb.configure({ challengeLifetimeSec: 1 });
    const challenge = await startChallenge();
    clock.advance(1000);
    const res = await postJson(login, {
      ...challenge,
      challengeAnswer: totpCode(sb.totpSecret, clock.now()),
    });
    expect(res.status).toBe(401);
  });

  it('a challenge answer missing a field: 400 naming it', async () => {
    const { awsUsername, session, challengeName } = await startChallenge();
    const res = await postJson(login, {
      awsUsername,
      session,
      challengeName,
      challengeAnswer: totpCode(sb.totpSecret, clock.now()),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ fields: ['status'] }] });
  });
});

describe('Volven protected endpoints', () => {
  it('GET and POST /whoami and GET /as/v3/accounts need a valid bearer', async () => {
    const { access } = await signIn();
    const ok = await whoami(access);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      broker: 'volven',
      username: NOMFA.username,
      token: `${access.slice(0, 8)}…`,
    });
    const post = await fetch(`${base}/whoami`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${access}` },
    });
    expect(post.status).toBe(200);
    const accounts = await fetch(`${base}/as/v3/accounts?x=1`, {
      headers: { Authorization: `Bearer ${access}` },
    });
    expect(accounts.status).toBe(200);
    for (const res of [await whoami(), await whoami('garbage'), await fetch(`${base}/as/v3/accounts`)]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ status: 401, error: 'Unauthorized' });
    }
  });

  it('records every request with lower-case header names and the query', async () => {
    const { access } = await signIn();
    sb.clearRequests();
    await fetch(`${base}/whoami?probe=1`, {
      headers: { Authorization: `Bearer ${access}`, 'X-Probe': 'yes' },
    });
    const [seen] = sb.requests({ broker: 'volven', path: '/whoami' });
    expect(seen).toMatchObject({ broker: 'volven', method: 'GET', path: '/whoami?probe=1' });
    expect(seen!.headers.authorization).toBe(`Bearer ${access}`);
    expect(seen!.headers['x-probe']).toBe('yes');
  });

  it('an access token really expires', async () => {
    sb.configure({ accessTokenLifetimeSec: 1 });
    const { access } = await signIn();
    clock.advance(999);
    expect((await whoami(access)).status).toBe(200);
    clock.advance(1);
    expect((await whoami(access)).status).toBe(401);
  });

  it('revokeAll invalidates access and refresh tokens', async () => {
    const { access, refreshToken } = await signIn();
    sb.revokeAll('volven');
    expect((await whoami(access)).status).toBe(401);
    expect((await postJson(login, { refreshToken })).status).toBe(401);
  });

  it('unknown paths answer 404, wrong methods 405', async () => {
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    expect((await fetch(login)).status).toBe(405);
  });
});

describe('Volven refresh', () => {
  it("'new-header': a new token in Authorization, absolute expirationTime; the old token lives on", async () => {
    const { access, refreshToken } = await signIn();
    const res = await postJson(login, { refreshToken });
    expect(res.status).toBe(200);
    const fresh = bearerOf(res)!;
    expect(fresh).not.toBe(access);
    const { expirationTime } = (await res.json()) as { expirationTime: number };
    expect(expirationTime).toBeGreaterThan(1e9);
    expect(expirationTime).toBeLessThan(1e12);
    expect(Math.abs(expirationTime - (clock.now() / 1000 + 3600))).toBeLessThan(1);
    expect((await whoami(access)).status).toBe(200);
    expect((await whoami(fresh)).status).toBe(200);
    // The refresh token does not rotate.
    expect((await postJson(login, { refreshToken })).status).toBe(200);
  });

  it("'prolong' (seed 001): no header, the same token stays valid past its first expiry", async () => {
    sb.configure({ accessTokenLifetimeSec: 1, volvenRefreshVariant: 'prolong' });
    const { access, refreshToken } = await signIn();
    sb.configure({ accessTokenLifetimeSec: 5 });
    const res = await postJson(login, { refreshToken });
    expect(res.status).toBe(200);
    expect(res.headers.get('authorization')).toBeNull();
    const { expirationTime } = (await res.json()) as { expirationTime: number };
    expect(Math.abs(expirationTime - (clock.now() / 1000 + 5))).toBeLessThan(1);
    clock.advance(4999);
    expect((await whoami(access)).status).toBe(200);
    clock.advance(1);
    expect((await whoami(access)).status).toBe(401);
  });

  it('an unknown or expired refresh token: 401', async () => {
    expect((await postJson(login, { refreshToken: 'nope' })).status).toBe(401);
    sb.configure({ refreshTokenLifetimeSec: 1 });
    const { refreshToken } = await signIn();
    clock.advance(1000);
    const res = await postJson(login, { refreshToken });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      status: 401,
      errors: [{ fields: ['refreshToken'], rejectedValue: null }],
    });
  });
});
