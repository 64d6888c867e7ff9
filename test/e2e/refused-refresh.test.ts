/**
 * A refused refresh (the broker revoked the session) ends it cleanly: the popup says Expired with
 * the reason, the API tab loses the token at once, and the user gets a notification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, lastHeaders, openApiTab, signInDemo, whoamiUrl } from './demo-brokers.ts';
import { waitForState } from './flows.ts';
import { launchHarness, type Harness } from './harness.ts';
import { callWorker, workerValue } from './worker-calls.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await launchHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('a refused refresh', () => {
  it.each([DEMO_BROKERS.traderevolution, DEMO_BROKERS.volven])(
    'ends the $label session cleanly',
    async (demo) => {
      const { sandbox } = harness;
      const { card, popup } = await signInDemo(harness, demo);
      const tab = await openApiTab(harness, card, demo.broker);
      expect((await tab.goto(whoamiUrl(sandbox, demo.broker)))?.status()).toBe(200);
      sandbox.revokeAll(demo.broker);
      await popup.bringToFront();
      const active = (await workerValue(popup, 'listSessions')).find(
        (session) => session.state === 'active',
      )!;
      await callWorker(popup, 'refreshNow', { profileId: active.profileId });
      await waitForState(card, 'expired');
      expect(await card.getByRole('alert').textContent()).toContain('refused to renew');
      await tab.goto(whoamiUrl(sandbox, demo.broker));
      expect(lastHeaders(sandbox, demo.broker, '/whoami').authorization).toBeUndefined();
      const worker = await harness.worker();
      const notifications = await worker.evaluate(() => chrome.notifications.getAll());
      expect(Object.keys(notifications).length).toBeGreaterThan(0);
      await tab.close();
      await popup.close();
    },
  );
});
