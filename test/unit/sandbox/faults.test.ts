import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/index.ts';
import type { Sandbox } from '../../../sandbox/index.ts';
import { postJson } from './support.ts';

let sb: Sandbox;
let te: string;
let etnaOrigin: string;

beforeAll(async () => {
  sb = await startSandbox();
  te = sb.loopbackUrls.traderevolution;
  etnaOrigin = `http://127.0.0.1:${sb.ports.etna}`;
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

const teLogin = () => postJson(`${te}/auth/token`, { login: 'te-trader', password: 'te-demo' });

describe('faults', () => {
  it("'500': an HTML error page, for exactly `count` requests, and still recorded", async () => {
    sb.injectFaults('traderevolution', { kind: '500', count: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await teLogin();
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('<html>');
    }
    expect((await teLogin()).status).toBe(200);
    expect(sb.requests({ broker: 'traderevolution', path: '/auth/token' })).toHaveLength(3);
  });

  it('only hits matching paths and the chosen broker', async () => {
    sb.injectFaults('traderevolution', { kind: '500', count: 1, path: '/whoami' });
    expect((await teLogin()).status).toBe(200);
    expect((await fetch(`${sb.loopbackUrls.volven}/whoami`)).status).toBe(401);
    expect((await fetch(`${te}/whoami?x=1`)).status).toBe(500);
    expect((await fetch(`${te}/whoami`)).status).toBe(401);
  });

  it('only hits requests sent to the chosen host name, when one is given', async () => {
    sb.injectFaults('traderevolution', { kind: '500', count: 1, host: 'te-b.test' });
    const asHost = (host: string) =>
      new Promise<number>((done, fail) => {
        const req = httpRequest(`${te}/whoami`, { headers: { host: `${host}:${sb.ports.traderevolution}` } });
        req.on('response', (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        });
        req.on('error', fail);
        req.end();
      });
    expect(await asHost('te-a.test')).toBe(401);
    expect(await asHost('TE-B.test')).toBe(500);
    expect(await asHost('te-b.test')).toBe(401);
  });

  it("'malformed': 200 application/json with a truncated body", async () => {
    sb.injectFaults('etna', { kind: 'malformed', count: 1 });
    const res = await fetch(`${sb.loopbackUrls.etna}/token`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(text).toBe('{"State": "Succ');
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it("'429': Retry-After 2 by default, or as asked, in the broker's error shape", async () => {
    sb.injectFaults('traderevolution', { kind: '429', count: 1 });
    sb.injectFaults('traderevolution', { kind: '429', count: 1, retryAfterSec: 7 });
    const first = await teLogin();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(await first.json()).toEqual({ errors: [{ code: '2.147.1.27', message: 'Too many requests' }] });
    const second = await teLogin();
    expect(second.headers.get('retry-after')).toBe('7');
  });

  it("'drop': the connection closes without any response", async () => {
    sb.injectFaults('traderevolution', { kind: 'drop', count: 1 });
    await expect(teLogin()).rejects.toThrow();
    expect((await teLogin()).status).toBe(200);
  });

  it("'hang': no answer for hangMs, then 504", async () => {
    sb.configure({ hangMs: 300 });
    sb.injectFaults('traderevolution', { kind: 'hang', count: 1 });
    const started = Date.now();
    const res = await teLogin();
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it("'hang' with the default hangMs: a client time-out gives up first", async () => {
    sb.injectFaults('traderevolution', { kind: 'hang', count: 1 });
    const hung = fetch(`${te}/whoami`, { signal: AbortSignal.timeout(200) });
    await expect(hung).rejects.toThrow();
    expect((await fetch(`${te}/whoami`)).status).toBe(401);
  });

  it('never hits preflights or control endpoints; control requests are not recorded', async () => {
    sb.injectFaults('traderevolution', { kind: '500', count: 1 });
    const preflight = await fetch(`${te}/auth/token`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.test', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect((await fetch(`http://127.0.0.1:${sb.ports.traderevolution}/__sandbox/info`)).status).toBe(200);
    expect((await teLogin()).status).toBe(500);
    expect(sb.requests().map((r) => r.method)).toEqual(['OPTIONS', 'POST']);
  });

  it('can be injected over HTTP, for the port’s own broker', async () => {
    const res = await postJson(`${etnaOrigin}/__sandbox/faults`, { kind: '500', count: 1, path: '/token' });
    expect(res.status).toBe(200);
    expect((await teLogin()).status).toBe(200);
    expect((await fetch(`${sb.loopbackUrls.etna}/token`, { method: 'POST' })).status).toBe(500);
    const invalid = await postJson(`${etnaOrigin}/__sandbox/faults`, { kind: 'explode', count: 1 });
    expect(invalid.status).toBe(400);
  });

  it('rejects nonsense injections in code too', () => {
    expect(() => sb.injectFaults('etna', { kind: '500', count: 0 })).toThrow();
  });
});

describe('close()', () => {
  it('returns promptly even with a hung request and an idle keep-alive connection', async () => {
    const own = await startSandbox();
    expect((await fetch(`${own.loopbackUrls.volven}/whoami`)).status).toBe(401);
    own.injectFaults('volven', { kind: 'hang', count: 1 });
    const hung = fetch(`${own.loopbackUrls.volven}/whoami`).then(
      () => 'answered',
      () => 'failed',
    );
    await own.requestsSeen({ path: '/whoami' }, 2);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await hung).toBe('failed');
  });
});
