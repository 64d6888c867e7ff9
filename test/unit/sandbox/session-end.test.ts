import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigPatch } from '../../../sandbox/config.ts';
import { startSandbox } from '../../../sandbox/index.ts';
import type { Sandbox, SandboxBroker } from '../../../sandbox/index.ts';
import { bearerOf, postJson, testClock, totpCode } from './support.ts';

/**
 * A session ended from the server's side, over real HTTP: "signed in elsewhere" (revoke by
 * username), "server restart" (one access token forgotten, the refresh token still good) and
 * ETNA's idle expiry.
 */
let sb: Sandbox;
/** The sandbox's clock: the idle tests move it rather than wait for the idle time. */
const clock = testClock();

beforeAll(async () => {
  sb = await startSandbox({ now: clock.now });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

const control = (broker: SandboxBroker, path: string) =>
  `http://127.0.0.1:${sb.ports[broker]}/__sandbox${path}`;
/** A raw body (or none), to send what `postJson` cannot: nothing, or broken JSON. */
const postRaw = (url: string, body?: string) => fetch(url, { method: 'POST', body: body ?? null });
const bearerHeaders = (token: string) => ({ Authorization: `Bearer ${token}` });

// --- Volven ---------------------------------------------------------------------------------------

const volvenLogin = () => `${sb.loopbackUrls.volven}/httpserver/main/v2/auth/login`;

async function volvenSignIn(username: 'nomfa@volven.test' | 'trader@volven.test') {
  let res = await postJson(volvenLogin(), { username, password: 'volven-demo' });
  if (username === 'trader@volven.test') {
    const challenge = (await res.json()) as Record<string, string>;
    res = await postJson(volvenLogin(), {
      ...challenge,
      challengeAnswer: totpCode(sb.totpSecret, clock.now()),
    });
  }
  expect(res.status).toBe(200);
  const { refreshToken } = (await res.json()) as { refreshToken: string };
  return { access: bearerOf(res)!, refreshToken };
}

const volvenWhoami = (token: string) =>
  fetch(`${sb.loopbackUrls.volven}/whoami`, { headers: bearerHeaders(token) });
const volvenRefresh = (refreshToken: string) => postJson(volvenLogin(), { refreshToken });

// --- ETNA -----------------------------------------------------------------------------------------

const DENIED = { Message: 'Authorization has been denied for this request.' };

async function etnaSignIn(username: 'etna-plain' | 'etna-pin'): Promise<string> {
  const headers = { 'Et-App-Key': sb.etnaAppKey, Username: username, Password: 'etna-demo' };
  let res = await fetch(`${sb.loopbackUrls.etna}/token`, { method: 'POST', headers });
  if (username === 'etna-pin') {
    const { Token: interim } = (await res.json()) as { Token: string };
    res = await fetch(`${sb.loopbackUrls.etna}/token`, {
      method: 'POST',
      headers: { ...headers, ...bearerHeaders(interim), PinCode: '2468' },
    });
  }
  expect(res.status).toBe(200);
  return ((await res.json()) as { Token: string }).Token;
}

const etnaCall = (token: string, path = '/whoami', appKey = sb.etnaAppKey) =>
  fetch(`${sb.loopbackUrls.etna}${path}`, { headers: { ...bearerHeaders(token), 'Et-App-Key': appKey } });

// --- TraderEvolution ------------------------------------------------------------------------------

interface Pair {
  accessToken: string;
  refreshToken: string;
}

async function teSignIn(): Promise<Pair> {
  const res = await postJson(`${sb.loopbackUrls.traderevolution}/auth/token`, {
    login: 'te-trader',
    password: 'te-demo',
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Pair;
}

const teWhoami = (token: string) =>
  fetch(`${sb.loopbackUrls.traderevolution}/whoami`, { headers: bearerHeaders(token) });
const teRefresh = (refreshToken: string) =>
  fetch(`${sb.loopbackUrls.traderevolution}/auth/token/refresh`, { headers: { token: refreshToken } });

const statusOf = async (res: Promise<Response>) => (await res).status;

describe('revoke by username ("signed in elsewhere")', () => {
  it("POST /__sandbox/revoke {username} ends that user's access and refresh tokens, not another user's", async () => {
    const nomfa = await volvenSignIn('nomfa@volven.test');
    const trader = await volvenSignIn('trader@volven.test');
    const etna = await etnaSignIn('etna-plain');
    for (const token of [nomfa.access, trader.access]) expect(await statusOf(volvenWhoami(token))).toBe(200);

    const res = await postJson(control('volven', '/revoke'), { username: 'nomfa@volven.test' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      broker: 'volven',
      username: 'nomfa@volven.test',
      revoked: 2,
    });

    expect(await statusOf(volvenWhoami(nomfa.access))).toBe(401);
    const refused = await volvenRefresh(nomfa.refreshToken);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ errorCode: 'INVALID_REFRESH_TOKEN' });
    expect(await statusOf(volvenWhoami(trader.access))).toBe(200);
    expect(await statusOf(volvenRefresh(trader.refreshToken))).toBe(200);
    expect(await statusOf(etnaCall(etna))).toBe(200);
  });

  it('?broker=all with a username reaches that user on any broker; revokeAll(broker, username) in code', async () => {
    const plain = await etnaSignIn('etna-plain');
    const pin = await etnaSignIn('etna-pin');
    const te = await teSignIn();

    const res = await postJson(control('volven', '/revoke?broker=all'), { username: 'etna-pin' });
    expect(await res.json()).toEqual({ ok: true, broker: 'all', username: 'etna-pin', revoked: 1 });
    const denied = await etnaCall(pin);
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual(DENIED);
    expect(await statusOf(etnaCall(plain))).toBe(200);

    expect(sb.revokeAll(undefined, 'te-trader')).toBe(2);
    expect(await statusOf(teWhoami(te.accessToken))).toBe(401);
    expect(await statusOf(teRefresh(te.refreshToken))).toBe(401);
    expect(await statusOf(etnaCall(plain))).toBe(200);
    expect(sb.revokeAll('etna', 'etna-plain')).toBe(1);
    expect(await statusOf(etnaCall(plain))).toBe(401);
    expect(sb.revokeAll('etna', 'etna-plain')).toBe(0); // nothing live is left to end
  });

  it("an empty body still revokes every user of the port's broker", async () => {
    const nomfa = await volvenSignIn('nomfa@volven.test');
    const trader = await volvenSignIn('trader@volven.test');
    const res = await postRaw(control('volven', '/revoke'));
    expect(await res.json()).toEqual({ ok: true, broker: 'volven', revoked: 4 });
    for (const token of [nomfa.access, trader.access]) expect(await statusOf(volvenWhoami(token))).toBe(401);
  });

  it('a bad body: 400 with a JSON error, and nothing is revoked', async () => {
    const nomfa = await volvenSignIn('nomfa@volven.test');
    for (const body of [
      '[]',
      '"nomfa@volven.test"',
      '{"username":1}',
      '{"username":""}',
      '{"user":"nomfa@volven.test"}',
      '{"username":"nomfa@volven.test","broker":"volven"}',
      '{"username":',
    ]) {
      const res = await postRaw(control('volven', '/revoke'), body);
      expect(res.status, body).toBe(400);
      expect(await res.json()).toEqual({ error: 'body must be empty or {"username": "..."}' });
    }
    expect(await statusOf(volvenWhoami(nomfa.access))).toBe(200);
  });
});

describe('forget-access ("server restart")', () => {
  it.each(['new-header', 'prolong'] as const)(
    "Volven '%s': the forgotten token gets 401; a refresh issues a new, working token",
    async (variant) => {
      sb.configure({ volvenRefreshVariant: variant });
      const { access, refreshToken } = await volvenSignIn('nomfa@volven.test');
      expect(await statusOf(volvenWhoami(access))).toBe(200);

      const res = await postRaw(control('volven', '/forget-access'));
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(JSON.parse(text)).toEqual({ ok: true, broker: 'volven', forgotten: 1 });
      expect(text).not.toContain(access);

      const refused = await volvenWhoami(access);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ status: 401, error: 'Unauthorized' });

      // 'prolong' would answer without a header if it found the forgotten token to prolong.
      const refreshed = await volvenRefresh(refreshToken);
      expect(refreshed.status).toBe(200);
      const fresh = bearerOf(refreshed);
      expect(fresh).toEqual(expect.any(String));
      expect(fresh).not.toBe(access);
      expect(await statusOf(volvenWhoami(fresh!))).toBe(200);

      // Later refreshes (a 'prolong' one now prolongs the new token) never bring the old one back.
      expect(await statusOf(volvenRefresh(refreshToken))).toBe(200);
      expect(await statusOf(volvenWhoami(fresh!))).toBe(200);
      expect(await statusOf(volvenWhoami(access))).toBe(401);
    },
  );

  it('TraderEvolution: 1.2.0.1 for the forgotten token; its refresh token still gives a new, working pair', async () => {
    const first = await teSignIn();
    const res = await postJson(control('traderevolution', '/forget-access'), { token: first.accessToken });
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ ok: true, broker: 'traderevolution', forgotten: 1 });
    expect(text).not.toContain(first.accessToken);

    const refused = await teWhoami(first.accessToken);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ errors: [{ code: '1.2.0.1', message: 'Unauthorized' }] });

    const refreshed = await teRefresh(first.refreshToken);
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as Pair;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(await statusOf(teWhoami(second.accessToken))).toBe(200);
    expect(await statusOf(teWhoami(first.accessToken))).toBe(401);
  });

  it("ETNA: the forgotten token gets ETNA's 401", async () => {
    const token = await etnaSignIn('etna-plain');
    expect(await statusOf(etnaCall(token))).toBe(200);
    expect(sb.forgetAccessToken('etna', token)).toBe(1);
    const res = await etnaCall(token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(DENIED);
  });

  it('forgets the given token, or by default the newest live one of that broker only', async () => {
    const a = await volvenSignIn('nomfa@volven.test');
    const b = await volvenSignIn('trader@volven.test');
    const c = await volvenSignIn('nomfa@volven.test');
    const etna = await etnaSignIn('etna-plain'); // issued last, but of another broker

    expect(sb.forgetAccessToken('volven', a.access)).toBe(1);
    expect(await statusOf(volvenWhoami(a.access))).toBe(401);
    expect(await statusOf(volvenWhoami(b.access))).toBe(200);
    expect(await statusOf(volvenWhoami(c.access))).toBe(200);

    expect(sb.forgetAccessToken('volven')).toBe(1);
    expect(await statusOf(volvenWhoami(c.access))).toBe(401);
    expect(await statusOf(volvenWhoami(b.access))).toBe(200);
    expect(await statusOf(etnaCall(etna))).toBe(200);

    expect(sb.forgetAccessToken('etna', b.access)).toBe(0); // a Volven token is no ETNA token
    expect(sb.forgetAccessToken('volven')).toBe(1);
    expect(await statusOf(volvenWhoami(b.access))).toBe(401);
    expect(sb.forgetAccessToken('volven')).toBe(0);
  });

  it('404 with a clear error when no such token is live, 400 for a bad body; never echoes a token', async () => {
    const none = await postRaw(control('volven', '/forget-access'));
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ error: 'no live volven access token to forget' });

    const { access } = await volvenSignIn('nomfa@volven.test');
    const unknown = await postJson(control('volven', '/forget-access'), { token: 'made-up-token-1234' });
    expect(unknown.status).toBe(404);
    const text = await unknown.text();
    expect(JSON.parse(text)).toEqual({ error: 'that token is not a live volven access token' });
    expect(text).not.toContain('made-up-token-1234');

    for (const body of ['[]', '{"token":5}', '{"token":""}', '{"tok":"x"}', '{"token":']) {
      const res = await postRaw(control('volven', '/forget-access'), body);
      expect(res.status, body).toBe(400);
      expect(await res.json()).toEqual({ error: 'body must be empty or {"token": "..."}' });
    }
    expect(await statusOf(volvenWhoami(access))).toBe(200);

    sb.revokeAll('volven');
    expect(await statusOf(postJson(control('volven', '/forget-access'), { token: access }))).toBe(404);
  });
});

describe('ETNA idle expiry (etnaIdleSec)', () => {
  const advance = clock.advance;

  it('is off by default: an unused token lives on', async () => {
    expect(sb.config.etnaIdleSec).toBeNull();
    const token = await etnaSignIn('etna-plain');
    advance(59 * 60_000);
    expect(await statusOf(etnaCall(token))).toBe(200);
  });

  it("a token unused for etnaIdleSec is refused with ETNA's 401, and stays dead", async () => {
    const set = await postJson(control('etna', '/config'), { etnaIdleSec: 1 });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ etnaIdleSec: 1 });
    const token = await etnaSignIn('etna-plain');
    const other = await etnaSignIn('etna-pin');
    advance(999);
    expect(await statusOf(etnaCall(other))).toBe(200); // just inside the idle time
    advance(1);

    const res = await etnaCall(token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(DENIED);
    sb.configure({ etnaIdleSec: null });
    expect(await statusOf(etnaCall(token))).toBe(401);
    expect(await statusOf(etnaCall(other))).toBe(200);
  });

  it('every accepted API call restarts the idle clock: a token in use stays alive', async () => {
    sb.configure({ etnaIdleSec: 1 });
    const token = await etnaSignIn('etna-plain');
    for (const path of ['/whoami', '/v1.0/accounts', '/whoami', '/v1.0/accounts', '/whoami']) {
      advance(900); // 4.5 s in all, well past the idle time, but never 1 s without a call
      expect(await statusOf(etnaCall(token, path)), path).toBe(200);
    }
    advance(1000);
    expect(await statusOf(etnaCall(token))).toBe(401);
  });

  it('a call refused for its app key is no use of the token: it does not restart the clock', async () => {
    sb.configure({ etnaIdleSec: 1 });
    const token = await etnaSignIn('etna-plain');
    advance(900);
    const wrongKey = await etnaCall(token, '/whoami', 'wrong-key');
    expect(wrongKey.status).toBe(401);
    advance(200);
    expect(await statusOf(etnaCall(token))).toBe(401);
  });

  it('validates etnaIdleSec: a positive number, or null for off', async () => {
    for (const value of [0, -1, '60', true, Number.POSITIVE_INFINITY]) {
      expect(parseConfigPatch({ etnaIdleSec: value })).toEqual({
        error: 'etnaIdleSec must be a positive number, or null for no idle limit',
      });
    }
    expect(parseConfigPatch({ etnaIdleSec: null })).toEqual({ etnaIdleSec: null });
    expect(() => sb.configure({ etnaIdleSec: 0 })).toThrow();
    expect(await statusOf(postJson(control('etna', '/config'), { etnaIdleSec: '60' }))).toBe(400);
    expect(await statusOf(postJson(control('etna', '/config'), { etnaIdleSec: 60 }))).toBe(200);
    const off = await postJson(control('etna', '/config'), { etnaIdleSec: null });
    expect(await off.json()).toMatchObject({ etnaIdleSec: null });
    expect(sb.config.etnaIdleSec).toBeNull();
  });
});
