/**
 * A profile may list its broker's own web app: requests that the web app sends to the API get
 * the token in any tab. The same page served under another name (evil.test) gets nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, signInDemo } from './demo-brokers.ts';
import { startForeignSite, type ForeignSite } from './foreign-site.ts';
import { launchHarness, type Harness } from './harness.ts';

let harness: Harness;
let site: ForeignSite;
beforeAll(async () => {
  harness = await launchHarness();
  site = await startForeignSite('<!doctype html><title>web app</title>');
});
afterAll(async () => {
  await site?.close();
  await harness?.close();
});

/** Fetches the API's whoami from a page at `origin`; returns the status and the header that arrived. */
async function fetchFrom(origin: string, via: string): Promise<{ status: number; authorization?: string }> {
  const page = await harness.context.newPage();
  await page.goto(`${origin}/`);
  const url = `${harness.sandbox.urls.volven}/whoami?via=${via}`;
  const status = await page.evaluate((target) => fetch(target).then((response) => response.status), url);
  await page.close();
  const seen = harness.sandbox.requests({ broker: 'volven', path: `via=${via}` });
  expect(seen).toHaveLength(1);
  return { status, authorization: seen[0]!.headers.authorization };
}

describe('broker web app origins', () => {
  it('attach the token to the listed web app’s API requests, and to no other site’s', async () => {
    const port = new URL(site.origin).port;
    const webApp = `http://app.volven.test:${port}`;
    const { token } = await signInDemo(harness, DEMO_BROKERS.volven, 'Volven with web app', {
      webAppOrigins: [webApp],
    });
    expect(await fetchFrom(webApp, 'web-app')).toEqual({ status: 200, authorization: `Bearer ${token}` });
    expect(await fetchFrom(`http://evil.test:${port}`, 'evil')).toEqual({
      status: 401,
      authorization: undefined,
    });
  });
});

describe("the broker's verdict, seen on the web app's requests", () => {
  it('a 401 to the web app (the token forgotten by the server) renews once, and its next request carries the new token', async () => {
    const port = new URL(site.origin).port;
    // Its own web app host: two profiles that list one origin would compete for its requests.
    const webApp = `http://trade.volven.test:${port}`;
    const { token, card } = await signInDemo(harness, DEMO_BROKERS.volven, 'Volven web app renewed', {
      webAppOrigins: [webApp],
    });
    const issued = () => harness.sandbox.issuedTokens({ broker: 'volven', kind: 'access' });
    const before = new Set(issued().map((known) => known.token));
    /** The token the renewal issued (the sandbox also holds other profiles' tokens). */
    const renewed = () => issued().find((known) => !before.has(known.token))?.token;
    harness.sandbox.forgetAccessToken('volven', token);
    harness.sandbox.clearRequests();
    expect(await fetchFrom(webApp, 'forgotten')).toEqual({ status: 401, authorization: `Bearer ${token}` });
    await expect.poll(renewed).toBeDefined();
    // The new token is stored before the rules swap to it: the web app's next requests get it.
    let attempt = 0;
    await expect
      .poll(async () => await fetchFrom(webApp, `renewed-${(attempt += 1)}`))
      .toEqual({ status: 200, authorization: `Bearer ${renewed()}` });
    expect(await card.getAttribute('data-state')).toBe('active');
    expect(harness.sandbox.requests({ broker: 'volven', path: '/auth/login' })).toHaveLength(1);
  });
});
