/**
 * Tokens stay fresh on their own. With 10-second tokens, an API tab that polls the API every
 * 200 ms for a minute never sees a 401 across several rotations (Volven, TraderEvolution), and
 * an ETNA session, which cannot be refreshed, ends with a notification and its rules gone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, lastHeaders, openApiTab, signInDemo, whoamiUrl } from './demo-brokers.ts';
import { waitForState } from './flows.ts';
import { launchHarness, type Harness } from './harness.ts';

const TOKEN_LIFETIME_SEC = 10;
const POLL_FOR_MS = 60_000;

let harness: Harness;
beforeAll(async () => {
  harness = await launchHarness({ sandbox: { config: { accessTokenLifetimeSec: TOKEN_LIFETIME_SEC } } });
});
afterAll(async () => {
  await harness?.close();
});

/** Polls `url` from inside the page every 200 ms; returns how often each status came back. */
function poll(tab: Page, url: string): Promise<Record<string, number>> {
  return tab.evaluate(
    async ({ url, forMs }) => {
      const counts: Record<string, number> = {};
      const end = Date.now() + forMs;
      while (Date.now() < end) {
        const status = await fetch(url).then(
          (response) => String(response.status),
          () => 'network-error',
        );
        counts[status] = (counts[status] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return counts;
    },
    { url, forMs: POLL_FOR_MS },
  );
}

describe('refresh on time', () => {
  it('keeps Volven and TraderEvolution API tabs authorised through at least 4 rotations', async () => {
    const { sandbox } = harness;
    const tabs = [];
    for (const demo of [DEMO_BROKERS.volven, DEMO_BROKERS.traderevolution]) {
      const { card, popup } = await signInDemo(harness, demo);
      tabs.push({ demo, tab: await openApiTab(harness, card, demo.broker) });
      await popup.close();
    }
    const results = await Promise.all(
      tabs.map(({ demo, tab }) => poll(tab, whoamiUrl(sandbox, demo.broker))),
    );
    for (const [index, { demo }] of tabs.entries()) {
      const counts = results[index]!;
      expect(counts, demo.label).toEqual({ '200': expect.any(Number) });
      expect(counts['200']).toBeGreaterThan(200);
      const issued = sandbox.issuedTokens({ broker: demo.broker, username: demo.username, kind: 'access' });
      expect(issued.length, `${demo.label} access tokens issued`).toBeGreaterThanOrEqual(5);
      const latest = issued.at(-1)!.token;
      expect(lastHeaders(sandbox, demo.broker, '/whoami').authorization).toBe(`Bearer ${latest}`);
    }
    const refreshes = sandbox.requests({ broker: 'traderevolution', path: '/auth/token/refresh' });
    const sent = refreshes.map((request) => request.headers.token);
    expect(new Set(sent).size, 'a rotated refresh token was sent twice').toBe(sent.length);
  });

  it('ends an ETNA session at its lifetime, with a notification, and its API tab loses the token', async () => {
    const { sandbox } = harness;
    // ETNA's answer has no lifetime: the profile says how long this deployment keeps sessions.
    const { card, popup } = await signInDemo(harness, DEMO_BROKERS.etna, undefined, {
      tokenLifetimeSec: TOKEN_LIFETIME_SEC,
    });
    const tab = await openApiTab(harness, card, 'etna');
    expect((await tab.goto(whoamiUrl(sandbox, 'etna')))?.status()).toBe(200);
    await popup.bringToFront();
    await waitForState(card, 'expired');
    expect(await card.getByRole('alert').textContent()).toContain('Sign in again');
    const after = await tab.goto(whoamiUrl(sandbox, 'etna'));
    expect(after?.status()).toBe(401);
    expect(lastHeaders(sandbox, 'etna', '/whoami').authorization).toBeUndefined();
    const worker = await harness.worker();
    const notifications = await worker.evaluate(() => chrome.notifications.getAll());
    expect(Object.keys(notifications).length).toBeGreaterThan(0);
    expect(await worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('!');
  });
});
