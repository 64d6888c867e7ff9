import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxBroker } from '../../../sandbox/index.ts';
import { DEMO_BROKERS } from '../demo-brokers.ts';
import { totpCode } from '../flows.ts';
import { attackPage, startForeignSite, type ForeignSite } from '../foreign-site.ts';
import { callWorker } from '../worker-calls.ts';
import { launchFirefox, type FirefoxHarness } from './firefox-harness.ts';

/**
 * The same extension in Debian's Firefox ESR, per broker: sign in through the popup (with the
 * code step where the broker has one), the token attached in the API tab and not for another
 * site, renewal, sign-out. The sandbox is reached over 127.0.0.1: Firefox upgrades an add-on's
 * own http:// requests to https except on loopback.
 */
const TOKEN_LIFETIME_SEC = 12;
const BROKERS: SandboxBroker[] = ['volven', 'etna', 'traderevolution'];
const nameOf = (broker: SandboxBroker) => `${DEMO_BROKERS[broker].label} in Firefox`;

describe('Firefox', () => {
  let firefox: FirefoxHarness;
  let popup: Page;
  const apiTabs = new Map<SandboxBroker, Page>();

  beforeAll(async () => {
    firefox = await launchFirefox({
      sandbox: { config: { accessTokenLifetimeSec: TOKEN_LIFETIME_SEC } },
      hosts: ['evil.test'],
    });
    const options = await firefox.openPage('options');
    for (const broker of BROKERS) {
      const reply = await callWorker(options, 'saveProfile', {
        name: nameOf(broker),
        broker,
        apiBaseUrl: firefox.sandbox.loopbackUrls[broker],
        appKey: DEMO_BROKERS[broker].appKey,
        webAppOrigins: [],
        staySignedIn: false,
        refreshMarginSec: 5,
        ...(broker === 'etna' && { tokenLifetimeSec: 3600 }),
      });
      expect(reply.ok).toBe(true);
    }
    await options.close();
    popup = await firefox.openPage('popup');
  });
  afterAll(() => firefox?.close());

  const card = (broker: SandboxBroker) => `section[aria-label="${nameOf(broker)}"]`;
  const waitForState = (broker: SandboxBroker, state: string) =>
    popup.waitForSelector(`${card(broker)}[data-state="${state}"]`, { timeout: 15_000 });
  const latestToken = (broker: SandboxBroker) =>
    firefox.sandbox.issuedTokens({ broker, kind: 'access' }).at(-1)?.token;
  const lastWhoamiAuth = (broker: SandboxBroker) =>
    firefox.sandbox.requests({ broker, path: '/whoami' }).at(-1)?.headers.authorization;
  const fetchWhoami = (tab: Page, broker: SandboxBroker) =>
    tab.evaluate(async (url) => (await fetch(url)).status, `${firefox.sandbox.loopbackUrls[broker]}/whoami`);

  it.each(BROKERS)('signs in to %s through the popup, code step included', async (broker) => {
    const demo = DEMO_BROKERS[broker];
    await waitForState(broker, 'signed-out');
    await popup.locator(`${card(broker)} input[autocomplete="username"]`).fill(demo.username);
    await popup.locator(`${card(broker)} input[autocomplete="current-password"]`).fill(demo.password);
    await popup.locator(`${card(broker)} button[type="submit"]`).click();
    if (broker !== 'traderevolution') {
      await waitForState(broker, 'code-required');
      const code = broker === 'volven' ? totpCode(firefox.sandbox.totpSecret) : demo.code!(firefox.sandbox);
      await popup.locator(`${card(broker)} input[autocomplete="one-time-code"]`).fill(code);
      await popup.locator(`${card(broker)} button[type="submit"]`).click();
    }
    await waitForState(broker, 'active');
    expect(latestToken(broker)).toBeTruthy();
  });

  it.each(BROKERS)('attaches the %s token in the API tab, to navigations and fetches', async (broker) => {
    const apiOrigin = firefox.sandbox.loopbackUrls[broker];
    const opened = firefox.browser.waitForTarget((target) => target.url().startsWith(apiOrigin));
    await popup.bringToFront();
    await popup.locator(`${card(broker)} ::-p-text(Open API)`).click();
    const tab = (await (await opened).page())!;
    apiTabs.set(broker, tab);
    const landing = new URL(`${apiOrigin}/`).pathname;
    const navigation = firefox.sandbox
      .requests({ broker })
      .filter((request) => request.path === landing)
      .at(-1);
    expect(navigation?.headers.authorization).toBe(`Bearer ${latestToken(broker)}`);
    expect(await fetchWhoami(tab, broker)).toBe(200);
    expect(lastWhoamiAuth(broker)).toBe(`Bearer ${latestToken(broker)}`);
    if (broker === 'etna')
      expect(firefox.sandbox.requests({ broker, path: '/whoami' }).at(-1)?.headers['et-app-key']).toBe(
        'demo-app-key',
      );
  });

  it.each(BROKERS)('lends the %s token to no other site', async (broker) => {
    let site: ForeignSite | undefined;
    try {
      const apiOrigin = firefox.sandbox.loopbackUrls[broker];
      const whoamiPath = new URL(`${apiOrigin}/whoami`).pathname;
      site = await startForeignSite(attackPage(apiOrigin, whoamiPath, whoamiPath));
      const evil = await firefox.browser.newPage();
      await evil.goto(`${site.origin}/`);
      await expect
        .poll(() => firefox.sandbox.requests({ broker }).filter((r) => r.path.includes('via=')).length, {
          timeout: 10_000,
        })
        .toBeGreaterThanOrEqual(4);
      await new Promise((done) => setTimeout(done, 500));
      const attempts = firefox.sandbox.requests({ broker }).filter((r) => r.path.includes('via='));
      expect(attempts.filter((r) => r.headers.authorization || r.headers['et-app-key'])).toEqual([]);
      await evil.close();
    } finally {
      await site?.close();
    }
  });

  it('renews the Volven and TraderEvolution tokens before they expire, and attaches the new ones', async () => {
    const renewable: SandboxBroker[] = ['volven', 'traderevolution'];
    const before = new Map(renewable.map((broker) => [broker, latestToken(broker)]));
    await expect
      .poll(() => renewable.every((broker) => latestToken(broker) !== before.get(broker)), {
        timeout: TOKEN_LIFETIME_SEC * 1000 + 5_000,
        interval: 250,
      })
      .toBe(true);
    for (const broker of renewable) {
      await expect
        .poll(async () => (await fetchWhoami(apiTabs.get(broker)!, broker)) === 200 && lastWhoamiAuth(broker))
        .toBe(`Bearer ${latestToken(broker)}`);
    }
  }, 40_000);

  it.each(BROKERS)('signs out of %s: the API tab gets no token any more', async (broker) => {
    await popup.bringToFront();
    await popup.locator(`${card(broker)} ::-p-text(Sign out)`).click();
    await waitForState(broker, 'signed-out');
    expect(await fetchWhoami(apiTabs.get(broker)!, broker)).toBe(401);
    expect(lastWhoamiAuth(broker)).toBeUndefined();
  });
});
