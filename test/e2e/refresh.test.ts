/**
 * Tokens stay fresh on their own. With 8-second tokens, an API tab that polls the API every
 * 200 ms never sees a 401 across at least 4 rotations (Volven, TraderEvolution), and an ETNA
 * session, which cannot be refreshed, ends with a notification and its rules gone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoBroker } from './demo-brokers.ts';
import { DEMO_BROKERS, lastHeaders, openApiTab, signInDemo, whoamiUrl } from './demo-brokers.ts';
import { waitForState } from './flows.ts';
import { launchHarness, type Harness } from './harness.ts';

/**
 * A rotation every 6 s: the refresh margin of an 8 s token is its 2 s floor, as for a 10 s
 * token, so each refresh has as much time to land before the old token ends. The two sessions
 * sign in 2 to 4 s apart, so their refreshes never fall due at the same moment.
 */
const TOKEN_LIFETIME_SEC = 8;
const ROTATIONS = 4;
/** ETNA's session lifetime, long enough to load its API tab once before the session ends. */
const ETNA_LIFETIME_SEC = 10;
const POLL_INTERVAL_MS = 200;

let harness: Harness;
beforeAll(async () => {
  harness = await launchHarness({ sandbox: { config: { accessTokenLifetimeSec: TOKEN_LIFETIME_SEC } } });
});
afterAll(async () => {
  await harness?.close();
});

interface Polling {
  /** Ends the loop and returns how often each status came back, and for how long it polled. */
  stop(): Promise<{ counts: Record<string, number>; polledMs: number }>;
}

/** Polls `url` from inside the page every 200 ms until stopped, counting each status. */
function startPolling(tab: Page, url: string): Polling {
  const done = tab.evaluate(
    async ({ url, intervalMs }) => {
      const counts: Record<string, number> = {};
      const started = Date.now();
      const flag = window as unknown as { stopPolling?: boolean };
      while (!flag.stopPolling) {
        const status = await fetch(url).then(
          (response) => String(response.status),
          () => 'network-error',
        );
        counts[status] = (counts[status] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
      return { counts, polledMs: Date.now() - started };
    },
    { url, intervalMs: POLL_INTERVAL_MS },
  );
  return {
    async stop() {
      await tab.evaluate(() => void ((window as unknown as { stopPolling?: boolean }).stopPolling = true));
      return done;
    },
  };
}

/**
 * Where the API tab stands in its rotations: how many access tokens it has carried, whether its
 * last request carried the newest one, and how long ago that one was issued.
 */
function rotationsSeen(demo: DemoBroker) {
  const { sandbox } = harness;
  const issued = sandbox.issuedTokens({ broker: demo.broker, username: demo.username, kind: 'access' });
  const sent = sandbox
    .requests({ broker: demo.broker, path: '/whoami' })
    .map((request) => request.headers.authorization);
  const carried = issued.filter((token) => sent.includes(`Bearer ${token.token}`)).length;
  const latest = issued.at(-1)!;
  return {
    carried,
    onLatest: sent.at(-1) === `Bearer ${latest.token}`,
    latestAgeMs: Date.now() - (latest.expiresAt - TOKEN_LIFETIME_SEC * 1000),
  };
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
      tabs.map(async ({ demo, tab }) => {
        const polling = startPolling(tab, whoamiUrl(sandbox, demo.broker));
        // Each tab polls until it has carried the first token and 4 rotated ones, and stops just
        // after picking up the newest (a refresh is then seconds away, not racing the stop).
        await expect
          .poll(
            () => {
              const seen = rotationsSeen(demo);
              return seen.carried > ROTATIONS && seen.onLatest && seen.latestAgeMs < 2_000;
            },
            { timeout: (ROTATIONS + 3) * TOKEN_LIFETIME_SEC * 1000, interval: 50 },
          )
          .toBe(true);
        return polling.stop();
      }),
    );
    for (const [index, { demo }] of tabs.entries()) {
      const { counts, polledMs } = results[index]!;
      expect(counts, demo.label).toEqual({ '200': expect.any(Number) });
      // It kept polling all along: at least half the nominal rate over the whole window.
      expect(counts['200']).toBeGreaterThan(polledMs / (2 * POLL_INTERVAL_MS));
      const issued = sandbox.issuedTokens({ broker: demo.broker, username: demo.username, kind: 'access' });
      expect(issued.length, `${demo.label} access tokens issued`).toBeGreaterThanOrEqual(ROTATIONS + 1);
      const latest = issued.at(-1)!.token;
      expect(lastHeaders(sandbox, demo.broker, '/whoami').authorization).toBe(`Bearer ${latest}`);
    }
    const refreshes = sandbox.requests({ broker: 'traderevolution', path: '/auth/token/refresh' });
    const sent = refreshes.map((request) => request.headers.token);
    expect(new Set(sent).size, 'a rotated refresh token was sent twice').toBe(sent.length);
  });

  it('ends an ETNA session at its lifetime, with a notification, and its API tab loses the token', async () => {
    const { sandbox } = harness;
    sandbox.configure({ accessTokenLifetimeSec: ETNA_LIFETIME_SEC });
    // ETNA's answer has no lifetime: the profile says how long this deployment keeps sessions.
    const { card, popup } = await signInDemo(harness, DEMO_BROKERS.etna, undefined, {
      tokenLifetimeSec: ETNA_LIFETIME_SEC,
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
