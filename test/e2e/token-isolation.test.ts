/**
 * No other site can borrow the token: while a session is active and its API tab is open, a page
 * on evil.test that sends every kind of request to the API (fetch, form POST, image, iframe,
 * script, WebSocket) gets none of them authorised, in another tab or inside the API tab itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, openApiTab, signInDemo } from './demo-brokers.ts';
import { attackPage, startForeignSite, type ForeignSite } from './foreign-site.ts';
import { launchHarness, type Harness } from './harness.ts';

const VIAS = [
  'img',
  'iframe',
  'script',
  'form-post',
  'fetch',
  'fetch-credentials',
  'fetch-post',
  'websocket',
];

let harness: Harness;
let site: ForeignSite;
beforeAll(async () => {
  harness = await launchHarness();
  const apiOrigin = new URL(harness.sandbox.urls.volven).origin;
  site = await startForeignSite(attackPage(apiOrigin, '/whoami', '/volven-broker/quotes'));
});
afterAll(async () => {
  await site?.close();
  await harness?.close();
});

/** Waits until the sandbox has seen every attack request, then returns them by `via`. */
async function attackRequests(): Promise<Map<string, Record<string, string>[]>> {
  const byVia = new Map<string, Record<string, string>[]>();
  await expect
    .poll(
      () => {
        byVia.clear();
        for (const request of harness.sandbox.requests({ broker: 'volven', path: 'via=' })) {
          const via = new URL(request.path, 'http://x').searchParams.get('via')!;
          byVia.set(via, [...(byVia.get(via) ?? []), request.headers]);
        }
        return VIAS.filter((via) => !byVia.has(via));
      },
      { timeout: 10_000 },
    )
    .toEqual([]);
  return byVia;
}

describe('a foreign site while a Volven session is active', () => {
  it('gets no token from another tab, for any kind of request', async () => {
    const { card } = await signInDemo(harness, DEMO_BROKERS.volven);
    await openApiTab(harness, card, 'volven');
    harness.sandbox.clearRequests();
    const other = await harness.context.newPage();
    await other.goto(`${site.origin}/`);
    const requests = await attackRequests();
    for (const via of VIAS) {
      for (const headers of requests.get(via)!) expect(headers.authorization, via).toBeUndefined();
    }
    await other.close();
  });

  it('gets no token even when it is loaded inside the API tab', async () => {
    const popup = await harness.openPage('popup');
    const card = popup.getByLabel(`${DEMO_BROKERS.volven.label} demo`, { exact: true });
    const apiTab = await openApiTab(harness, card, 'volven');
    harness.sandbox.clearRequests();
    // The API tab holds the foreign page back (blocked) until it is no API tab any more, then
    // loads it as an ordinary tab (api-tabs/guard.ts).
    await apiTab.goto(`${site.origin}/`).catch(() => undefined);
    await apiTab.waitForURL(`${site.origin}/`);
    const requests = await attackRequests();
    for (const via of VIAS) {
      for (const headers of requests.get(via)!) expect(headers.authorization, via).toBeUndefined();
    }
  });
});
