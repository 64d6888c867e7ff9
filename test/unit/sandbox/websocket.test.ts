import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSandbox } from '../../../sandbox/index.ts';
import type { Sandbox } from '../../../sandbox/index.ts';
import { bearerOf, postJson, sleep } from './support.ts';

let sb: Sandbox;
let wsUrl: string;

beforeAll(async () => {
  sb = await startSandbox();
  wsUrl = `ws://127.0.0.1:${sb.ports.volven}/volven-broker/quotes`;
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

async function accessToken(): Promise<string> {
  const res = await postJson(`${sb.loopbackUrls.volven}/httpserver/main/v2/auth/login`, {
    username: 'nomfa@volven.test',
    password: 'volven-demo',
  });
  return bearerOf(res)!;
}

/** Resolves with the handshake's HTTP status when the server refuses the upgrade. */
function refusedStatus(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.on('error', () => undefined); // terminate() after a refusal reports an error we expect
  });
}

/** Opens a stream and collects `count` messages. */
function collect(headers: Record<string, string>, count: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { headers });
    const messages: unknown[] = [];
    ws.on('message', (data) => {
      messages.push(JSON.parse(String(data)));
      if (messages.length === count) {
        ws.close();
        resolve(messages);
      }
    });
    ws.on('error', reject);
  });
}

describe('Volven quotes WebSocket', () => {
  it('accepts a handshake with a valid bearer: hello, then quotes every second', async () => {
    const token = await accessToken();
    const [hello, quote] = await collect({ Authorization: `Bearer ${token}` }, 2);
    expect(hello).toEqual({ type: 'hello', username: 'nomfa@volven.test' });
    expect(quote).toEqual({ type: 'quote', symbol: 'VB', price: expect.any(Number) });
    const [handshake] = sb.requests({ broker: 'volven', path: '/volven-broker/quotes' });
    expect(handshake).toMatchObject({ method: 'GET', path: '/volven-broker/quotes' });
    expect(handshake!.headers.authorization).toBe(`Bearer ${token}`);
    expect(handshake!.headers.upgrade).toBe('websocket');
  });

  it('refuses a handshake without a valid bearer with 401, and records it', async () => {
    expect(await refusedStatus({})).toBe(401);
    expect(await refusedStatus({ Authorization: 'Bearer forged' })).toBe(401);
    const token = await accessToken();
    sb.revokeAll();
    expect(await refusedStatus({ Authorization: `Bearer ${token}` })).toBe(401);
    expect(sb.requests({ path: '/volven-broker/quotes' })).toHaveLength(3);
  });

  it('refuses other paths and other brokers with 404', async () => {
    const token = await accessToken();
    for (const url of [
      `ws://127.0.0.1:${sb.ports.volven}/elsewhere`,
      `ws://127.0.0.1:${sb.ports.etna}/volven-broker/quotes`,
    ]) {
      const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
      const status = await new Promise<number>((resolve) => {
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => undefined);
      });
      expect(status).toBe(404);
      ws.terminate();
    }
  });

  it('faults apply to the handshake too', async () => {
    const token = await accessToken();
    sb.injectFaults('volven', { kind: '500', count: 1, path: '/volven-broker/quotes' });
    expect(await refusedStatus({ Authorization: `Bearer ${token}` })).toBe(500);
  });

  it('close() ends open streams promptly', async () => {
    const own = await startSandbox();
    const res = await postJson(`${own.loopbackUrls.volven}/httpserver/main/v2/auth/login`, {
      username: 'nomfa@volven.test',
      password: 'volven-demo',
    });
    const ws = new WebSocket(`ws://127.0.0.1:${own.ports.volven}/volven-broker/quotes`, {
      headers: { Authorization: `Bearer ${bearerOf(res)!}` },
    });
    const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve());
      ws.on('error', reject);
    });
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(500);
    await Promise.race([closed, sleep(2000).then(() => Promise.reject(new Error('stream still open')))]);
  });
});
