import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { get, type IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { startSandbox } from '../../../sandbox/index.ts';
import type { Sandbox } from '../../../sandbox/index.ts';
import { postJson } from './support.ts';

let sb: Sandbox;
let te: string;

beforeAll(async () => {
  sb = await startSandbox();
  te = sb.loopbackUrls.traderevolution;
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

const credentials = { login: 'te-trader', password: 'te-demo' };

describe("the 'redirect' fault", () => {
  it.each([307, 308] as const)(
    'answers %i to the same path on the other host, for `count` requests',
    async (status) => {
      sb.injectFaults('traderevolution', {
        kind: 'redirect',
        count: 1,
        path: '/auth/token',
        redirectStatus: status,
      });
      const res = await fetch(`${te}/auth/token?x=1`, { method: 'POST', redirect: 'manual' });
      expect(res.status).toBe(status);
      expect(res.headers.get('location')).toBe(`${sb.otherHost.loopbackUrl}/proftrading/rest/auth/token?x=1`);
      expect((await postJson(`${te}/auth/token`, credentials)).status).toBe(200);
    },
  );

  it('is a 307 by default, and names other.test to a browser that came by a *.test name', async () => {
    sb.injectFaults('volven', { kind: 'redirect', count: 1 });
    // fetch will not set Host; node:http will, as a browser does.
    const res = await new Promise<IncomingMessage>((resolve, reject) =>
      get(
        {
          port: sb.ports.volven,
          host: '127.0.0.1',
          path: '/whoami',
          headers: { Host: `api.volven.test:${sb.ports.volven}` },
        },
        resolve,
      ).on('error', reject),
    );
    res.resume();
    expect(res.statusCode).toBe(307);
    expect(res.headers.location).toBe(`${sb.otherHost.url}/whoami`);
    expect(sb.otherHost.url).toMatch(/^http:\/\/other\.test:\d+$/);
  });

  it('the other host records what a following client sends it: method, path, headers and body', async () => {
    sb.injectFaults('traderevolution', { kind: 'redirect', count: 1, redirectStatus: 308 });
    const res = await postJson(`${te}/auth/token`, credentials, { 'Et-App-Key': 'key' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('This is not the broker.');
    const [got, ...more] = sb.otherHost.requests();
    expect(more).toEqual([]);
    expect(got).toMatchObject({
      method: 'POST',
      path: '/proftrading/rest/auth/token',
      body: JSON.stringify(credentials),
    });
    expect(got?.headers['et-app-key']).toBe('key');
    sb.reset();
    expect(sb.otherHost.requests()).toEqual([]);
  });

  it('can be injected over HTTP, and nonsense statuses are refused', async () => {
    const control = `http://127.0.0.1:${sb.ports.etna}/__sandbox/faults`;
    expect((await postJson(control, { kind: 'redirect', count: 1, redirectStatus: 308 })).status).toBe(200);
    expect(
      (await fetch(`${sb.loopbackUrls.etna}/token`, { method: 'POST', redirect: 'manual' })).status,
    ).toBe(308);
    expect((await postJson(control, { kind: 'redirect', count: 1, redirectStatus: 200 })).status).toBe(400);
  });

  it('answers a WebSocket handshake with the redirect status too', async () => {
    sb.injectFaults('volven', { kind: 'redirect', count: 1, redirectStatus: 308 });
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${sb.ports.volven}/volven-broker/quotes`);
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.on('open', () => reject(new Error('the upgrade was accepted')));
      ws.on('error', () => undefined); // terminate() after a refusal reports an error we expect
    });
    expect(status).toBe(308);
  });
});
