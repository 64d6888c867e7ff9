import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

interface Pair {
  accessToken: string;
  refreshToken: string;
}

async function signIn(): Promise<Pair> {
  const res = await postJson(`${te}/auth/token`, { login: 'te-trader', password: 'te-demo' });
  return (await res.json()) as Pair;
}

const refresh = (token: string) => fetch(`${te}/auth/token/refresh`, { headers: { token } });

/** Which of two promises settles first; the other is left running. */
const first = (a: Promise<unknown>, b: Promise<unknown>) =>
  Promise.race([a.then(() => 'a' as const), b.then(() => 'b' as const)]);

describe('holdNext', () => {
  it('holds the matching request until released, then answers it for real (a rotated pair)', async () => {
    const pair = await signIn();
    const held = sb.holdNext('traderevolution', '/auth/token/refresh');
    const answer = refresh(pair.refreshToken);
    await held.arrived;
    // Another request goes through meanwhile: only the matching one is held.
    expect((await fetch(`${te}/whoami`)).status).toBe(401);
    expect(await first(answer, Promise.resolve())).toBe('b');
    expect(sb.issuedTokens({ broker: 'traderevolution', kind: 'refresh' })).toHaveLength(1);
    held.release();
    const res = await answer;
    expect(res.status).toBe(200);
    const rotated = (await res.json()) as Pair;
    expect(rotated.refreshToken).not.toBe(pair.refreshToken);
    // Only the next one was held.
    expect((await refresh(rotated.refreshToken)).status).toBe(200);
  });

  it('a held request meets its injected fault on release, not before', async () => {
    const held = sb.holdNext('traderevolution', '/auth/token');
    sb.injectFaults('traderevolution', { kind: 'redirect', count: 1, path: '/auth/token' });
    const answer = fetch(`${te}/auth/token`, { method: 'POST', redirect: 'manual' });
    await held.arrived;
    held.release();
    expect((await answer).status).toBe(307);
  });

  it('released before it arrives, the request simply passes', async () => {
    const held = sb.holdNext('traderevolution', '/auth/token');
    held.release();
    const pair = signIn();
    await held.arrived;
    expect((await pair).accessToken).toEqual(expect.any(String));
  });

  it('matches by broker: a request to another broker is not held', async () => {
    sb.holdNext('volven', '/whoami');
    expect((await fetch(`${te}/whoami`)).status).toBe(401);
  });

  it('a held request is dropped, not answered, by reset or close, and close() returns promptly', async () => {
    const own = await startSandbox();
    const held = own.holdNext('traderevolution', '/auth/token');
    const answer = postJson(`${own.loopbackUrls.traderevolution}/auth/token`, {
      login: 'te-trader',
      password: 'te-demo',
    }).then(
      () => 'answered',
      () => 'dropped',
    );
    await held.arrived;
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await answer).toBe('dropped');
    held.release(); // too late: nothing is answered after close
    expect(own.issuedTokens()).toEqual([]);
  });

  it('reset drops a held request', async () => {
    const held = sb.holdNext('traderevolution', '/auth/token');
    const answer = signIn().then(
      () => 'answered',
      () => 'dropped',
    );
    await held.arrived;
    sb.reset();
    expect(await answer).toBe('dropped');
  });
});
