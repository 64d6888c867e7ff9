import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/index.ts';
import type { Sandbox } from '../../../sandbox/index.ts';
import { postJson, testClock } from './support.ts';

let sb: Sandbox;
const clock = testClock();
let base: string;

beforeAll(async () => {
  sb = await startSandbox({ now: clock.now });
  base = sb.loopbackUrls.traderevolution;
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

interface Pair {
  accessToken: string;
  accessTokenLifeTime: number;
  refreshToken: string;
  refreshTokenLifeTime: number;
}

async function signIn(): Promise<Pair> {
  const res = await postJson(`${base}/auth/token`, { login: 'te-trader', password: 'te-demo' });
  expect(res.status).toBe(200);
  return (await res.json()) as Pair;
}

const refresh = (token?: string) =>
  fetch(`${base}/auth/token/refresh`, { headers: token === undefined ? {} : { token } });
const whoami = (access?: string) =>
  fetch(`${base}/whoami`, { headers: access === undefined ? {} : { Authorization: `Bearer ${access}` } });
const verify = (access: string | undefined, body: unknown) =>
  postJson(
    `${base}/external/token/verify`,
    body,
    access === undefined ? {} : { Authorization: `Bearer ${access}` },
  );
const errorOf = async (res: Response) =>
  ((await res.json()) as { errors: { code: string; message: string }[] }).errors[0];

describe('TraderEvolution login', () => {
  it('returns the documented pair with lifetimes in seconds', async () => {
    const pair = await signIn();
    expect(pair).toEqual({
      accessToken: expect.any(String),
      accessTokenLifeTime: 3600,
      refreshToken: expect.any(String),
      refreshTokenLifeTime: 86400,
    });
    const ok = await whoami(pair.accessToken);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ broker: 'traderevolution', username: 'te-trader' });
    expect(
      (await fetch(`${base}/accounts`, { headers: { Authorization: `Bearer ${pair.accessToken}` } })).status,
    ).toBe(200);
  });

  it('wrong login or password: 401 1.2.0.11', async () => {
    for (const body of [
      { login: 'te-trader', password: 'x' },
      { login: 'ghost', password: 'te-demo' },
    ]) {
      const res = await postJson(`${base}/auth/token`, body);
      expect(res.status).toBe(401);
      expect(await errorOf(res)).toEqual({ code: '1.2.0.11', message: 'Wrong login or password' });
    }
  });

  it('a user without REST access: 400 2.0.2.4', async () => {
    const res = await postJson(`${base}/auth/token`, { login: 'te-norest', password: 'te-demo' });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({ code: '2.0.2.4', message: 'No access to REST API' });
  });

  it('a malformed or incomplete body: 400 with a dotted code', async () => {
    const bad = await fetch(`${base}/auth/token`, { method: 'POST', body: 'login=te-trader' });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad))?.code).toMatch(/^\d+(\.\d+)+$/);
    const missing = await postJson(`${base}/auth/token`, { login: 'te-trader' });
    expect(missing.status).toBe(400);
  });

  it('protected endpoints without a valid token: 401 1.2.0.1', async () => {
    for (const res of [await whoami(), await whoami('junk'), await fetch(`${base}/accounts`)]) {
      expect(res.status).toBe(401);
      expect(await errorOf(res)).toEqual({ code: '1.2.0.1', message: 'Unauthorized' });
    }
  });

  it('an access token really expires', async () => {
    sb.configure({ accessTokenLifetimeSec: 1 });
    const { accessToken } = await signIn();
    clock.advance(999);
    expect((await whoami(accessToken)).status).toBe(200);
    clock.advance(1);
    expect((await whoami(accessToken)).status).toBe(401);
  });
});

describe('TraderEvolution refresh (rotation)', () => {
  it('gives a new pair; the used refresh token is refused after; the old access token lives on', async () => {
    const first = await signIn();
    const res = await refresh(first.refreshToken);
    expect(res.status).toBe(200);
    const second = (await res.json()) as Pair;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessTokenLifeTime).toBe(3600);
    const reuse = await refresh(first.refreshToken);
    expect(reuse.status).toBe(401);
    expect(await errorOf(reuse)).toEqual({ code: '1.2.0.14', message: 'Refresh token is not valid' });
    expect((await whoami(first.accessToken)).status).toBe(200);
    expect((await whoami(second.accessToken)).status).toBe(200);
    expect((await refresh(second.refreshToken)).status).toBe(200);
  });

  it('a missing, unknown, expired or revoked refresh token: 401 1.2.0.14', async () => {
    expect((await refresh()).status).toBe(401);
    expect((await refresh('unknown')).status).toBe(401);
    const revoked = await signIn();
    sb.revokeAll('traderevolution');
    expect((await refresh(revoked.refreshToken)).status).toBe(401);
    expect((await whoami(revoked.accessToken)).status).toBe(401);
    sb.configure({ refreshTokenLifetimeSec: 1 });
    const expiring = await signIn();
    expect(expiring.refreshTokenLifeTime).toBe(1);
    clock.advance(1000);
    const res = await refresh(expiring.refreshToken);
    expect(res.status).toBe(401);
    expect((await errorOf(res))?.code).toBe('1.2.0.14');
  });
});

describe('TraderEvolution one-time tokens', () => {
  it('needs a valid bearer token', async () => {
    const ott = sb.mintOneTimeToken('te-trader');
    const res = await verify(undefined, { token: ott });
    expect(res.status).toBe(401);
    expect((await errorOf(res))?.code).toBe('1.2.0.1');
  });

  it('valid once: the login, then "already used"', async () => {
    const { accessToken } = await signIn();
    const ott = sb.mintOneTimeToken('te-trader');
    const ok = await verify(accessToken, { token: ott });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ login: 'te-trader' });
    const used = await verify(accessToken, { token: ott });
    expect(used.status).toBe(400);
    expect(await errorOf(used)).toEqual({ code: '1.5.0.3', message: 'Token is not valid: already used' });
  });

  it('expired and unknown tokens are not valid', async () => {
    const { accessToken } = await signIn();
    const ott = sb.mintOneTimeToken('te-trader', 0.05);
    clock.advance(50);
    const expired = await verify(accessToken, { token: ott });
    expect(expired.status).toBe(400);
    expect(await errorOf(expired)).toEqual({ code: '1.5.0.3', message: 'Token is not valid: expired' });
    const unknown = await verify(accessToken, { token: 'nope' });
    expect(unknown.status).toBe(400);
    expect(await errorOf(unknown)).toEqual({ code: '1.5.0.3', message: 'Token is not valid' });
  });

  it('can answer with a plain-text login instead of JSON', async () => {
    sb.configure({ teVerifyPlainString: true });
    const { accessToken } = await signIn();
    const res = await verify(accessToken, { token: sb.mintOneTimeToken('te-trader') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('te-trader');
  });

  it('can be minted over HTTP, and only for TraderEvolution users', async () => {
    const { accessToken } = await signIn();
    const minted = await postJson(`${base.replace('/proftrading/rest', '')}/__sandbox/one-time-token`, {
      login: 'te-trader',
    });
    const { token } = (await minted.json()) as { token: string };
    expect((await verify(accessToken, { token })).status).toBe(200);
    expect(() => sb.mintOneTimeToken('trader@volven.test')).toThrow();
  });
});
