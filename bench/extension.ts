import type { Page } from 'playwright-core';
import type { Harness } from '../test/e2e/harness.ts';
import { workerValue } from '../test/e2e/worker-calls.ts';

/** A request to the worker as the extension's own pages send it; its value, or a thrown error. */
export const send = workerValue;

/** A TraderEvolution profile for the sandbox (no code step: the cleanest sign-in to time). */
export async function addTraderEvolution(harness: Harness, page: Page, name: string): Promise<string> {
  const saved = await send(page, 'saveProfile', {
    name,
    broker: 'traderevolution',
    apiBaseUrl: harness.sandbox.urls.traderevolution,
    webAppOrigins: [],
    staySignedIn: false,
    refreshMarginSec: 5,
  });
  if (!('saved' in saved)) throw new Error(`saveProfile: ${Object.keys(saved.invalid).join(', ')}`);
  return saved.saved.id;
}

export const TE_DEMO = { username: 'te-trader', password: 'te-demo' };

/** Signs a TraderEvolution profile in through the popup's form, as a person would. */
export async function signInThroughPopup(popup: Page, name: string): Promise<void> {
  const card = popup.getByLabel(name, { exact: true });
  await card.getByLabel('Username').fill(TE_DEMO.username);
  await card.getByLabel('Password').fill(TE_DEMO.password);
  await card.getByRole('button', { name: 'Sign in' }).click();
  await popup.locator(`section[aria-label="${name}"][data-state="active"]`).waitFor();
}

export const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * A signed-in TraderEvolution profile and the API tab its popup opened (on the API base URL),
 * the starting point of the benchmarks that measure requests from an API tab.
 */
export async function signedInApiTab(harness: Harness, name: string) {
  const setup = await harness.openPage('options');
  const profileId = await addTraderEvolution(harness, setup, name);
  const popup = await harness.openPage('popup');
  await signInThroughPopup(popup, name);
  const [apiTab] = await Promise.all([
    harness.context.waitForEvent('page'),
    popup.getByRole('button', { name: 'Open API' }).click(),
  ]);
  const base = harness.sandbox.urls.traderevolution;
  await apiTab.waitForURL(`${base}/`);
  return { profileId, apiTab, base };
}
