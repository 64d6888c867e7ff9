/**
 * Promise: the extension's auth requests never follow a redirect. At each sign-in step of each
 * broker, and at a Volven and a TraderEvolution refresh, the API answers 307 or 308 to another
 * host; the popup shows the error and that host receives nothing (no password, no Et-App-Key, no
 * refresh token, no body), and the message names the host it was sent to (fetch hides a manual
 * redirect's target; the worker reads it from the response's headers: traffic/redirect-watch.ts).
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxBroker } from '../../../sandbox/index.ts';
import { DEMO_BROKERS, type DemoBroker } from '../demo-brokers.ts';
import { addProfile, enterCode, profileCard, signIn } from '../flows.ts';
import { launchHarness, type Harness } from '../harness.ts';

/** The sandbox's access token lifetime for the refresh cases: a refresh within seconds. */
const SHORT_LIFETIME_SEC = 6;

let harness: Harness;
let popup: Page;
beforeAll(async () => {
  harness = await launchHarness();
  for (const demo of Object.values(DEMO_BROKERS)) {
    await addProfile(harness, {
      name: demo.label,
      brokerLabel: demo.label,
      apiBaseUrl: harness.sandbox.urls[demo.broker],
      appKey: demo.appKey,
    });
  }
  popup = await harness.openPage('popup');
});
afterAll(async () => {
  await harness?.close();
});

const stateOf = (card: Locator) => card.getAttribute('data-state');
async function waitForState(card: Locator, state: string): Promise<void> {
  await expect.poll(() => stateOf(card), { timeout: 15_000 }).toBe(state);
}

function redirectNext(broker: SandboxBroker, path: string, status: 307 | 308, count = 1): void {
  harness.sandbox.injectFaults(broker, { kind: 'redirect', count, path, redirectStatus: status });
}

/**
 * Redirects the next request to `path`, holding it until the card has left its previous state:
 * the card may show 'error' from the case before, so 'error' alone would not prove this answer.
 */
async function redirectWhileWatching(
  card: Locator,
  c: { demo: DemoBroker; path: string },
  status: 307 | 308,
  act: () => Promise<void>,
  inFlight: string,
): Promise<void> {
  const held = harness.sandbox.holdNext(c.demo.broker, c.path);
  redirectNext(c.demo.broker, c.path, status);
  await act();
  await held.arrived;
  await waitForState(card, inFlight);
  held.release();
  await waitForState(card, 'error');
}

/** The alert, checked for the redirect's words and for every secret of the demo account. */
async function expectRedirectAlert(card: Locator, demo: DemoBroker, lead: RegExp = /^/): Promise<void> {
  const alert = (await card.getByRole('alert').textContent()) ?? '';
  expect(alert).toMatch(lead);
  expect(alert).toContain(
    `The broker's API answered with a redirect to ${new URL(harness.sandbox.otherHost.url).host}`,
  );
  expect(alert).toContain('check the API base URL');
  expect(alert).not.toContain(demo.password);
  expect(harness.sandbox.otherHost.requests()).toEqual([]);
}

/** Each sign-in step: which broker, the path its request hits, and whether it is the code step. */
const SIGN_IN_STEPS = [
  { step: 'Volven login', demo: DEMO_BROKERS.volven, path: '/auth/login', atCode: false },
  { step: 'Volven challenge answer', demo: DEMO_BROKERS.volven, path: '/auth/login', atCode: true },
  { step: 'ETNA first /token', demo: DEMO_BROKERS.etna, path: '/token', atCode: false },
  { step: 'ETNA code step', demo: DEMO_BROKERS.etna, path: '/token', atCode: true },
  { step: 'TraderEvolution login', demo: DEMO_BROKERS.traderevolution, path: '/auth/token', atCode: false },
] as const;

describe.each([307, 308] as const)('a %i to another host', (status) => {
  it.each(SIGN_IN_STEPS)('$step: the popup shows the error, nothing reaches that host', async (c) => {
    const card = profileCard(popup, c.demo.label);
    const signInNow = () => signIn(card, c.demo.username, c.demo.password);
    if (c.atCode) {
      await signInNow();
      await waitForState(card, 'code-required');
      const code = c.demo.code!(harness.sandbox);
      await redirectWhileWatching(card, c, status, () => enterCode(card, code), 'code-required');
    } else {
      await redirectWhileWatching(card, c, status, signInNow, 'signing-in');
    }
    await expectRedirectAlert(card, c.demo);
    expect(harness.sandbox.requests({ broker: c.demo.broker, path: c.path }).length).toBeGreaterThan(0);
  });
});

describe('a redirect at refresh', () => {
  it.each([
    { demo: DEMO_BROKERS.volven, path: '/auth/login', status: 307 },
    { demo: DEMO_BROKERS.traderevolution, path: '/auth/token/refresh', status: 308 },
  ] as const)('$demo.label ($status): the session ends in words that name the redirect', async (c) => {
    harness.sandbox.configure({ accessTokenLifetimeSec: SHORT_LIFETIME_SEC });
    const card = profileCard(popup, c.demo.label);
    await signIn(card, c.demo.username, c.demo.password);
    if (c.demo.code) {
      await waitForState(card, 'code-required');
      await enterCode(card, c.demo.code(harness.sandbox));
    }
    await waitForState(card, 'active');
    harness.sandbox.clearRequests();
    // Three in a row: the refresher's limit for redirects, so the session ends within the token's life.
    redirectNext(c.demo.broker, c.path, c.status, 3);
    await waitForState(card, 'expired');
    await expectRedirectAlert(card, c.demo, /^The session could not be renewed/);
    expect(harness.sandbox.requests({ broker: c.demo.broker, path: c.path }).length).toBeGreaterThan(0);
  });
});
