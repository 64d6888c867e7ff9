/**
 * The broker's verdict, learnt from the API traffic: a session the broker stops accepting is
 * renewed once if it can be, and otherwise (or if renewing fails) shown as Rejected, with its
 * rules gone and the user told. Against the sandbox over real HTTP, in real Chromium.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxBroker } from '../../sandbox/index.ts';
import { DEMO_BROKERS, lastHeaders, openApiTab, signInDemo, whoamiUrl } from './demo-brokers.ts';
import { waitForState } from './flows.ts';
import { launchHarness, type Harness } from './harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await launchHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** The paths where each broker renews a session (Volven renews on its login path). */
const RENEWAL_PATH: Record<SandboxBroker, string> = {
  volven: '/httpserver/main/v2/auth/login',
  traderevolution: '/auth/token/refresh',
  etna: '/token',
};

/** Fires `count` API requests from the page at once and returns their statuses. */
function burst(tab: Page, path: string, count: number): Promise<number[]> {
  return tab.evaluate(
    async ({ path, count }) =>
      Promise.all(Array.from({ length: count }, () => fetch(path).then((response) => response.status))),
    { path, count },
  );
}

async function notificationIds(): Promise<string[]> {
  const worker = await harness.worker();
  return Object.keys(await worker.evaluate(() => chrome.notifications.getAll()));
}

describe('a session the broker no longer accepts', () => {
  it.each([DEMO_BROKERS.volven, DEMO_BROKERS.traderevolution])(
    '$label: everything revoked → one renewal attempt over a burst of 401s, then Rejected, rules gone, user told',
    async (demo) => {
      const { sandbox } = harness;
      const { card, popup } = await signInDemo(harness, demo);
      const tab = await openApiTab(harness, card, demo.broker);
      expect((await tab.goto(whoamiUrl(sandbox, demo.broker)))?.status()).toBe(200);
      const notificationsBefore = await notificationIds();

      sandbox.revokeAll(demo.broker);
      sandbox.clearRequests();
      const statuses = await burst(tab, 'whoami', 20);
      expect(statuses.every((status) => status === 401)).toBe(true);

      await waitForState(card, 'rejected');
      expect(await card.getByRole('status').textContent()).toContain('Rejected');
      expect(sandbox.requests({ broker: demo.broker, path: RENEWAL_PATH[demo.broker] })).toHaveLength(1);
      // The rules are gone: the API tab's next request carries no token.
      await tab.reload();
      expect(lastHeaders(sandbox, demo.broker, '/whoami').authorization).toBeUndefined();
      await expect.poll(notificationIds).not.toEqual(notificationsBefore);
      const worker = await harness.worker();
      expect(await worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('!');
      await tab.close();
      await popup.close();
    },
  );
});

describe('a token the broker forgot while its refresh token still works (a server restart)', () => {
  it.each([DEMO_BROKERS.volven, DEMO_BROKERS.traderevolution])(
    '$label: exactly one renewal, then the API tab is authorised again and the session stays Active',
    async (demo) => {
      const { sandbox } = harness;
      const { card, popup, token } = await signInDemo(harness, demo, `${demo.label} restarted`);
      const tab = await openApiTab(harness, card, demo.broker);
      expect((await tab.goto(whoamiUrl(sandbox, demo.broker)))?.status()).toBe(200);

      const issued = () => sandbox.issuedTokens({ broker: demo.broker, kind: 'access' });
      const before = new Set(issued().map((known) => known.token));
      /** The token the renewal issued (the sandbox also holds other profiles' tokens). */
      const renewed = () => issued().find((known) => !before.has(known.token))?.token;
      expect(sandbox.forgetAccessToken(demo.broker, token)).toBe(1);
      sandbox.clearRequests();
      expect((await tab.reload())?.status()).toBe(401);

      const renewals = () =>
        sandbox.requests({ broker: demo.broker, path: RENEWAL_PATH[demo.broker] }).length;
      await expect.poll(renewals, { timeout: 10_000 }).toBe(1);
      await expect.poll(renewed).toBeDefined();
      await waitForState(card, 'active');
      // The rules carry the new token: the same page now answers 200, with that token.
      await expect.poll(async () => (await tab.reload())?.status(), { timeout: 10_000 }).toBe(200);
      expect(lastHeaders(sandbox, demo.broker, '/whoami').authorization).toBe(`Bearer ${renewed()}`);
      expect(renewals()).toBe(1);
      await tab.close();
      await popup.close();
    },
  );
});

describe('an ETNA session the broker ended after an idle time', () => {
  it('is Rejected without any renewal attempt (ETNA has none), and the user is told', async () => {
    const demo = DEMO_BROKERS.etna;
    const { sandbox } = harness;
    const { card, popup } = await signInDemo(harness, demo, 'ETNA idle');
    const tab = await openApiTab(harness, card, demo.broker);
    expect((await tab.goto(whoamiUrl(sandbox, demo.broker)))?.status()).toBe(200);
    const notificationsBefore = await notificationIds();
    sandbox.configure({ etnaIdleSec: 0.5 });
    sandbox.clearRequests();
    try {
      // Each call that comes in time keeps the session alive; polled more slowly than the idle
      // limit, the second call finds it ended.
      await expect
        .poll(() => tab.evaluate(() => fetch('whoami').then((response) => response.status)), {
          interval: 750,
          timeout: 10_000,
        })
        .toBe(401);
      await waitForState(card, 'rejected');
    } finally {
      sandbox.configure({ etnaIdleSec: null });
    }
    expect(sandbox.requests({ broker: 'etna', path: RENEWAL_PATH.etna })).toHaveLength(0);
    await expect.poll(notificationIds).not.toEqual(notificationsBefore);
    await tab.reload();
    expect(lastHeaders(sandbox, 'etna', '/whoami').authorization).toBeUndefined();
    await tab.close();
    await popup.close();
  });
});
