/**
 * Promise: no request that a page of another site starts carries the token, in the API tab or
 * anywhere else, at any delay and by any means. The attacker's page is loaded into the API tab
 * (by a link on an API page, by a URL typed there, by a redirect) and sends the tab straight back
 * to the API: by script, a link, a GET form aimed at `_top`, a meta refresh, or its server's 302.
 * The navigations the user makes in the API tab keep the token: typed, reload, the API's own
 * links.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUNCE_MEANS, startHostileSite, type HostileSite } from '../../../sandbox/hostile-site.ts';
import { DEMO_BROKERS, openApiTab, signInDemo, whoamiUrl } from '../demo-brokers.ts';
import { profileCard } from '../flows.ts';
import { launchHarness, type Harness } from '../harness.ts';

let harness: Harness;
let hostile: HostileSite;
let popup: Page | undefined;
const demo = DEMO_BROKERS.traderevolution;
const cardName = `${demo.label} demo`;

beforeAll(async () => {
  harness = await launchHarness();
  hostile = await startHostileSite();
});
afterAll(async () => {
  await hostile?.close();
  await harness?.close();
});

/** The `Authorization` of every request to `/whoami?via=<via>` the broker saw, once one came. */
async function authorizationsFor(via: string): Promise<(string | undefined)[]> {
  const seen = () => harness.sandbox.requests({ broker: demo.broker, path: `via=${via}` });
  await expect.poll(() => seen().length, { timeout: 15_000 }).toBeGreaterThan(0);
  return seen().map((request) => request.headers.authorization);
}

const target = (via: string) => `${whoamiUrl(harness.sandbox, demo.broker)}?via=${via}`;
/** An API tab of the one signed-in session (signed in by the first test that asks). */
async function freshApiTab(): Promise<Page> {
  popup ??= (await signInDemo(harness, demo, cardName)).popup;
  return openApiTab(harness, profileCard(popup, cardName), demo.broker);
}

describe('a hostile page in the API tab', () => {
  it.each(BOUNCE_MEANS.flatMap((means) => [0, 400].map((delay) => [means, delay] as const)))(
    'reached by a link from an API page, sends the tab back by %s after %i ms: no token',
    async (means, delay) => {
      const tab = await freshApiTab();
      const via = `${means}-${delay}`;
      // The API page itself navigates away, as its own link would.
      await tab.evaluate((url) => void (location.href = url), hostile.bounceUrl(means, target(via), delay));
      expect(await authorizationsFor(via)).toEqual([undefined]);
      await tab.close();
    },
  );

  it('reached by a URL typed into the API tab, sends it back: no token, and the tab is no API tab any more', async () => {
    const tab = await freshApiTab();
    await tab.goto(hostile.bounceUrl('script', target('typed-away'))).catch(() => undefined);
    expect(await authorizationsFor('typed-away')).toEqual([undefined]);
    await tab.waitForURL(/via=typed-away/);
    // Coming back by hand does not make it an API tab again: "Open API" does.
    await tab.goto(target('typed-back'));
    expect(await authorizationsFor('typed-back')).toEqual([undefined]);
    await tab.close();
  });
});

describe('the navigations the user makes in the API tab', () => {
  // Back and forward are left out: the browser serves them from its back/forward cache, so the
  // broker sees no request to check.
  it('typed, reload and the API page’s own links carry the token', async () => {
    const tab = await freshApiTab();
    const token = `Bearer ${harness.sandbox.issuedTokens({ broker: demo.broker, kind: 'access' }).at(-1)!.token}`;
    await tab.goto(target('user-typed'));
    expect(await authorizationsFor('user-typed')).toEqual([token]);
    await tab.evaluate((url) => void (location.href = url), target('own-link'));
    expect(await authorizationsFor('own-link')).toEqual([token]);
    await tab.waitForURL(/via=own-link/);
    harness.sandbox.clearRequests();
    await tab.reload();
    expect(await authorizationsFor('own-link')).toEqual([token]);
    await tab.close();
  });

  it('outside the API base URL’s path, even on the API host, carries nothing', async () => {
    const tab = await freshApiTab();
    const outside = `${new URL(harness.sandbox.urls[demo.broker]).origin}/whoami?via=outside-path`;
    await tab.goto(outside).catch(() => undefined);
    expect(await authorizationsFor('outside-path')).toEqual([undefined]);
    await tab.close();
  });
});
