import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import type { SandboxBroker } from '../../../sandbox/index.ts';
import { DEMO_BROKERS } from '../demo-brokers.ts';
import type { FirefoxHarness } from './firefox-harness.ts';
import { workerValue } from '../worker-calls.ts';
import type { RequestMessage } from '../../../src/shared/protocol.ts';

/** Steps shared by the Firefox tests that drive the extension's own pages over WebDriver BiDi. */

/** Inside page.evaluate (serialised, so no outer helper can be called there). */
type Ext = { browser: typeof chrome };

/** Saves a profile for the broker's demo account at the sandbox's loopback URL; its id. */
export async function saveDemoProfile(
  firefox: FirefoxHarness,
  page: Page,
  broker: SandboxBroker,
  name: string,
  staySignedIn = false,
): Promise<string> {
  const reply = await workerValue(page, 'saveProfile', {
    name,
    broker,
    apiBaseUrl: firefox.sandbox.loopbackUrls[broker],
    appKey: DEMO_BROKERS[broker].appKey,
    webAppOrigins: [],
    staySignedIn,
    refreshMarginSec: 5,
    ...(broker === 'etna' && { tokenLifetimeSec: 3600 }),
  });
  if (!('saved' in reply)) throw new Error(`profile ${name} was not saved`);
  return reply.saved.id;
}

/** The popup card of a profile, by its name. */
export const card = (name: string) => `section[aria-label="${name}"]`;

export const cardState = (popup: Page, name: string) =>
  popup.$eval(card(name), (section) => section.getAttribute('data-state')).catch(() => null);

export async function waitForCardState(popup: Page, name: string, state: string): Promise<void> {
  await expect.poll(() => cardState(popup, name), { timeout: 15_000 }).toBe(state);
}

/** Types the demo account's login into the card and submits it (the first sign-in step). */
export async function submitSignIn(popup: Page, name: string, broker: SandboxBroker): Promise<void> {
  const demo = DEMO_BROKERS[broker];
  await popup.bringToFront();
  await popup.locator(`${card(name)} input[autocomplete="username"]`).fill(demo.username);
  await popup.locator(`${card(name)} input[autocomplete="current-password"]`).fill(demo.password);
  await popup.locator(`${card(name)} button[type="submit"]`).click();
}

/**
 * Records, in an extension page, every tab update that finishes a load ("complete"), with the URL
 * as the extension sees it (hidden where it has no host access), so a test can wait for a tab to
 * settle after a navigation that never reaches any server.
 */
export async function recordTabLoads(page: Page): Promise<void> {
  await page.evaluate(() => {
    const loads: { tabId: number; url?: string }[] = [];
    Object.assign(globalThis, { tabLoads: loads });
    (globalThis as unknown as Ext).browser.tabs.onUpdated.addListener((tabId, change, tab) => {
      if (change.status === 'complete') loads.push({ tabId, url: tab.url });
    });
  });
}

export const tabLoads = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { tabLoads: { tabId: number; url?: string }[] }).tabLoads);

/** What the extension keeps in storage.local (read from one of its pages). */
export const localStorageKeys = (page: Page) =>
  page.evaluate(async () =>
    Object.keys(await (globalThis as unknown as Ext).browser.storage.local.get(null)),
  );

export const localStorageText = (page: Page) =>
  page.evaluate(async () =>
    JSON.stringify(await (globalThis as unknown as Ext).browser.storage.local.get(null)),
  );

/**
 * Asks the background to renew a session now, without waiting: a test may hold its answer. Not
 * callWorker (worker-calls.ts), which returns only with the answer; typed by the same protocol.
 */
export async function startRefresh(page: Page, profileId: string): Promise<void> {
  await page.evaluate((profileId) => {
    const { runtime } = (globalThis as unknown as Ext).browser;
    const request: RequestMessage<'refreshNow'> = {
      channel: 'broker-sessions',
      type: 'refreshNow',
      input: { profileId },
    };
    const refreshing = runtime.sendMessage(request);
    Object.assign(globalThis, { refreshing: refreshing.catch(() => undefined) });
  }, profileId);
}

/** Resolves once the background has answered the request startRefresh() sent. */
export async function refreshSettled(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as { refreshing: Promise<unknown> }).refreshing);
}

/** Navigates a tab as the address bar does; resolves when the load ends, blocked or not. */
export async function typeUrl(tab: Page, url: string): Promise<void> {
  const context = (tab.mainFrame() as unknown as { browsingContext: BidiContext }).browsingContext;
  // A blocked load fails with NS_ERROR_ABORT; the tests check what the servers saw instead.
  await context.navigate(url, 'complete').catch(() => undefined);
}

interface BidiContext {
  navigate(url: string, wait: 'complete'): Promise<unknown>;
}
