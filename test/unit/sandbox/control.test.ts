import { request } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PORTS, startSandbox } from '../../../sandbox/index.ts';
import type { Sandbox } from '../../../sandbox/index.ts';
import { SandboxState } from '../../../sandbox/state.ts';
import { postJson } from './support.ts';

let sb: Sandbox;
const lines: string[] = [];
const control = (path: string) => `http://127.0.0.1:${sb.ports.etna}/__sandbox${path}`;

beforeAll(async () => {
  sb = await startSandbox({ log: (line) => lines.push(line) });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

const etnaLogin = (username: string) =>
  fetch(`${sb.loopbackUrls.etna}/token`, {
    method: 'POST',
    headers: { 'Et-App-Key': sb.etnaAppKey, Username: username, Password: 'etna-demo' },
  });

describe('sandbox basics', () => {
  it('publishes browser and loopback base URLs with each broker’s path', () => {
    const { volven, etna, traderevolution } = sb.ports;
    expect(sb.urls).toEqual({
      volven: `http://api.volven.test:${volven}`,
      etna: `http://api.etna.test:${etna}/api`,
      traderevolution: `http://bo.traderevolution.test:${traderevolution}/proftrading/rest`,
    });
    expect(sb.loopbackUrls.etna).toBe(`http://127.0.0.1:${etna}/api`);
    expect(DEFAULT_PORTS).toEqual({ volven: 47801, etna: 47802, traderevolution: 47803 });
    expect(sb.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(sb.totpUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(sb.users.map((u) => u.username)).toContain('te-norest');
  });

  it('answers whatever the Host header says (the browser uses *.test names)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: sb.ports.volven,
          path: '/whoami',
          headers: { Host: `api.volven.test:${sb.ports.volven}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(401);
    expect(sb.requests({ path: '/whoami' })[0]?.headers.host).toBe(`api.volven.test:${sb.ports.volven}`);
  });

  it('answers CORS preflights and exposes Authorization to other origins', async () => {
    const preflight = await fetch(`${sb.loopbackUrls.etna}/token`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://evil.test',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'et-app-key, username, password, x-extra',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://evil.test');
    const allowed = preflight.headers.get('access-control-allow-headers') ?? '';
    for (const name of ['Authorization', 'Et-App-Key', 'VerificationCode', 'PinCode', 'token', 'x-extra']) {
      expect(allowed).toContain(name);
    }
    expect(sb.requests({ broker: 'etna' })[0]).toMatchObject({ method: 'OPTIONS', path: '/api/token' });
    const simple = await fetch(`${sb.loopbackUrls.volven}/whoami`, {
      method: 'POST',
      headers: { Origin: 'http://evil.test' },
    });
    expect(simple.headers.get('access-control-allow-origin')).toBe('http://evil.test');
    expect(simple.headers.get('access-control-expose-headers')).toContain('Authorization');
  });

  it('serves an index page at each base URL saying whether a token came', async () => {
    for (const base of Object.values(sb.loopbackUrls)) {
      const res = await fetch(`${base}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('No valid bearer token');
    }
  });

  it('does not absorb a double slash from a sloppy base URL join', async () => {
    expect((await fetch(`http://127.0.0.1:${sb.ports.etna}//api/token`, { method: 'POST' })).status).toBe(
      404,
    );
  });

  it('logs method, path and status only: no header values, bodies, or query strings', async () => {
    lines.length = 0;
    const res = await etnaLogin('etna-plain');
    const { Token } = (await res.json()) as { Token: string };
    await fetch(`${sb.loopbackUrls.etna}/whoami?secret=abc`, {
      headers: { Authorization: `Bearer ${Token}` },
    });
    expect(lines.some((l) => /\[etna\] POST \/api\/token 200/.test(l))).toBe(true);
    const all = lines.join('\n');
    for (const secret of ['etna-demo', Token, 'demo-app-key', 'abc']) expect(all).not.toContain(secret);
  });

  it('validates configuration and refuses a taken port', async () => {
    expect(() => sb.configure({ hangMs: -1 })).toThrow();
    expect(() => sb.configure({ volvenRefreshVariant: 'sideways' as 'prolong' })).toThrow();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const taken = (blocker.address() as { port: number }).port;
    await expect(startSandbox({ ports: { etna: taken } })).rejects.toThrow();
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  });

  it('keeps only the newest 5000 recorded requests', () => {
    const state = new SandboxState();
    for (let i = 0; i < 5003; i++)
      state.record({ broker: 'etna', method: 'GET', path: `/${i}`, headers: {}, at: i });
    const kept = state.requests();
    expect(kept).toHaveLength(5000);
    expect(kept[0]?.path).toBe('/3');
  });
});

describe('control endpoints', () => {
  it('GET /info, /outbox (with ?username=), /tokens', async () => {
    const info = (await (await fetch(control('/info'))).json()) as Record<string, unknown>;
    expect(info).toMatchObject({
      broker: 'etna',
      etnaAppKey: 'demo-app-key',
      totpSecret: sb.totpSecret,
      urls: sb.urls,
    });
    await etnaLogin('etna-trader');
    await etnaLogin('etna-sms');
    const outbox = (await (await fetch(control('/outbox?username=etna-sms'))).json()) as { code: string }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.code).toBe(sb.lastCode('etna-sms'));
    const tokens = (await (await fetch(control('/tokens?kind=interim'))).json()) as { username: string }[];
    expect(tokens.map((t) => t.username).sort()).toEqual(['etna-sms', 'etna-trader']);
    expect(JSON.stringify(tokens)).not.toContain('expect');
  });

  it('GET and DELETE /requests, scoped to the port’s broker unless ?broker=all', async () => {
    await fetch(`${sb.loopbackUrls.etna}/whoami`);
    await fetch(`${sb.loopbackUrls.volven}/whoami`);
    const own = (await (await fetch(control('/requests?path=whoami'))).json()) as { broker: string }[];
    expect(own.map((r) => r.broker)).toEqual(['etna']);
    const all = (await (await fetch(control('/requests?broker=all'))).json()) as unknown[];
    expect(all).toHaveLength(2);
    expect((await fetch(control('/requests'), { method: 'DELETE' })).status).toBe(200);
    expect(sb.requests()).toEqual([]);
  });

  it('POST /config patches (and refuses unknown keys), /revoke, /reset', async () => {
    const ok = await postJson(control('/config'), { accessTokenLifetimeSec: 42, teVerifyPlainString: true });
    expect(ok.status).toBe(200);
    expect(sb.config).toMatchObject({ accessTokenLifetimeSec: 42, teVerifyPlainString: true });
    expect((await postJson(control('/config'), { accessTokenLifetime: 1 })).status).toBe(400);

    const { Token } = (await (await etnaLogin('etna-plain')).json()) as { Token: string };
    const headers = { Authorization: `Bearer ${Token}`, 'Et-App-Key': sb.etnaAppKey };
    expect((await fetch(`${sb.loopbackUrls.etna}/whoami`, { headers })).status).toBe(200);
    expect((await fetch(control('/revoke'), { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${sb.loopbackUrls.etna}/whoami`, { headers })).status).toBe(401);

    expect((await fetch(control('/reset'), { method: 'POST' })).status).toBe(200);
    expect(sb.config.accessTokenLifetimeSec).toBe(3600);
    expect(sb.issuedTokens()).toEqual([]);
    expect(sb.outbox()).toEqual([]);
  });

  it('unknown control paths: 404', async () => {
    expect((await fetch(control('/nothing'))).status).toBe(404);
  });
});
