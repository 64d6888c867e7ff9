/**
 * Ten refresh triggers at once (the popup's "renew", alarms, wake-ups all end in the same call)
 * give exactly one refresh request at the broker, so a rotating refresh token is sent once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, signInDemo } from './demo-brokers.ts';
import { launchHarness, type Harness } from './harness.ts';
import { callWorkerTogether, workerValue } from './worker-calls.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await launchHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('concurrent refresh triggers', () => {
  it.each([DEMO_BROKERS.traderevolution, DEMO_BROKERS.volven])(
    'collapse into one request ($label)',
    async (demo) => {
      const { popup } = await signInDemo(harness, demo);
      const path = demo.broker === 'volven' ? '/auth/login' : '/auth/token/refresh';
      harness.sandbox.clearRequests();
      const active = (await workerValue(popup, 'listSessions')).find(
        (session) => session.state === 'active',
      )!;
      const replies = await callWorkerTogether(
        popup,
        'refreshNow',
        Array.from({ length: 10 }, () => ({ profileId: active.profileId })),
      );
      const states = replies.map((reply) => reply.ok && reply.value.state);
      expect(states).toEqual(Array(10).fill('active'));
      expect(harness.sandbox.requests({ broker: demo.broker, path })).toHaveLength(1);
      await popup.getByRole('button', { name: 'Sign out' }).click();
    },
  );
});
