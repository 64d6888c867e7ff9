/**
 * When the broker misbehaves at refresh time (500, malformed JSON, a dropped connection, 429
 * with Retry-After, a hang past the time-out), the session is kept: the refresh is retried with
 * backoff before the token runs out, the API tab never sees a 401, and no secret is logged.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../sandbox/index.ts';
import { DEMO_BROKERS, lastHeaders, openApiTab, signInDemo, whoamiUrl } from './demo-brokers.ts';
import { waitForState } from './flows.ts';
import { launchHarness, type Harness } from './harness.ts';

const REFRESH_PATH = '/auth/token/refresh';
/** Long enough that a failed refresh (due 4 s before the end) leaves room for its retry. */
const TOKEN_LIFETIME_SEC = 20;
/** Chromium resends once on a reused socket that closes without an answer (see hard-cases-sign-in). */
const FAULTS: { kind: FaultKind; count: number }[] = [
  { kind: '500', count: 1 },
  { kind: 'malformed', count: 1 },
  { kind: 'drop', count: 2 },
  { kind: '429', count: 1 },
  { kind: 'hang', count: 1 },
];

let harness: Harness;
let apiTab: Page;
let polling: Promise<Record<string, number>>;
let stopPolling: () => Promise<void>;

beforeAll(async () => {
  harness = await launchHarness({
    sandbox: { config: { accessTokenLifetimeSec: TOKEN_LIFETIME_SEC, hangMs: 60_000 } },
  });
});

afterAll(async () => {
  const secrets = ['te-demo', ...harness.sandbox.issuedTokens().map((token) => token.token)];
  for (const line of harness.consoleLines) for (const secret of secrets) expect(line).not.toContain(secret);
  await harness?.close();
});

const refreshes = () => harness.sandbox.requests({ broker: 'traderevolution', path: REFRESH_PATH });

describe('faults at refresh time', () => {
  it('signs in, with an API tab polling the API all along', async () => {
    const { card } = await signInDemo(harness, DEMO_BROKERS.traderevolution);
    apiTab = await openApiTab(harness, card, 'traderevolution');
    // Steady traffic from the API tab for the whole file: every status it sees is counted.
    polling = apiTab.evaluate(
      async (url) => {
        const counts: Record<string, number> = {};
        const flag = window as unknown as { stopPolling?: boolean };
        while (!flag.stopPolling) {
          const status = await fetch(url).then(
            (response) => String(response.status),
            () => 'network-error',
          );
          counts[status] = (counts[status] ?? 0) + 1;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        return counts;
      },
      whoamiUrl(harness.sandbox, 'traderevolution'),
    );
    stopPolling = () =>
      apiTab.evaluate(() => void ((window as unknown as { stopPolling?: boolean }).stopPolling = true));
    await expect
      .poll(() => lastHeaders(harness.sandbox, 'traderevolution', '/whoami').authorization)
      .toMatch(/^Bearer /);
  });

  it.each(FAULTS)('a $kind is retried before the token ends', async ({ kind, count }) => {
    const before = refreshes().length;
    harness.sandbox.injectFaults('traderevolution', { kind, count, path: REFRESH_PATH, retryAfterSec: 1 });
    // The faulted attempt(s), then one that succeeds.
    await expect
      .poll(() => refreshes().length, { timeout: 2 * TOKEN_LIFETIME_SEC * 1000 })
      .toBeGreaterThan(before + count);
    harness.sandbox.clearFaults();
    const latest = harness.sandbox.issuedTokens({ broker: 'traderevolution', kind: 'access' }).at(-1)!.token;
    await expect
      .poll(() => lastHeaders(harness.sandbox, 'traderevolution', '/whoami').authorization, {
        timeout: 5_000,
      })
      .toBe(`Bearer ${latest}`);
  });

  it('kept the API tab authorised throughout, and the session active', async () => {
    await stopPolling();
    const counts = await polling;
    expect(counts).toEqual({ '200': expect.any(Number) });
    const popup = await harness.openPage('popup');
    await waitForState(
      popup.getByLabel(`${DEMO_BROKERS.traderevolution.label} demo`, { exact: true }),
      'live',
    );
  });
});
