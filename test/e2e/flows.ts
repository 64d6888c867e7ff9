import type { Locator, Page } from 'playwright-core';
import { TOTP } from 'otpauth';
import { expect } from 'vitest';
import type { SessionState } from '../../src/shared/protocol.ts';
import type { Harness } from './harness.ts';

export interface ProfileInput {
  name: string;
  brokerLabel: 'Volven / TÝR Markets' | 'ETNA Trader' | 'TraderEvolution';
  apiBaseUrl: string;
  appKey?: string;
  /** ETNA: the deployment's session lifetime in seconds. */
  tokenLifetimeSec?: number;
  staySignedIn?: boolean;
  webAppOrigins?: string[];
}

/** Adds a profile through the options page, as a person would. */
export async function addProfile(harness: Harness, input: ProfileInput): Promise<void> {
  const page = await harness.openPage('options');
  await page.getByRole('button', { name: 'Add profile' }).click();
  await page.getByLabel('Profile name').fill(input.name);
  await page.getByLabel('Broker').selectOption({ label: input.brokerLabel });
  await page.getByLabel('API base URL').fill(input.apiBaseUrl);
  if (input.appKey !== undefined) await page.getByLabel('App key').fill(input.appKey);
  if (input.tokenLifetimeSec !== undefined)
    await page.getByLabel('Session lifetime (seconds)').fill(String(input.tokenLifetimeSec));
  if (input.staySignedIn) await page.getByLabel('Stay signed in').check();
  if (input.webAppOrigins) await page.getByLabel('Web app origins').fill(input.webAppOrigins.join('\n'));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('list', { name: 'Profiles' }).getByText(input.name, { exact: true }).waitFor();
  await page.close();
}

/** The popup's element for one profile (the `aria-label` is the profile's name). */
export const profileCard = (popup: Page, name: string): Locator => popup.getByLabel(name, { exact: true });

/**
 * Waits until the card is in `state`, read from its `data-state` (never from the words, which
 * an earlier state can share: "Active" is also in "Active · renewing"). `live` is a session whose
 * token is in use: active, or active while it renews.
 */
export async function waitForState(
  card: Locator,
  state: SessionState | 'live',
  { timeout = 15_000 } = {},
): Promise<void> {
  const wanted: SessionState[] = state === 'live' ? ['active', 'refreshing'] : [state];
  await expect.poll(async () => (await card.getAttribute('data-state')) ?? '', { timeout }).toBeOneOf(wanted);
}

/** Waits until the popup shows its profiles: every card carries its session's `data-state`. */
export async function waitForCards(popup: Page): Promise<void> {
  await popup.locator('section[data-state]').first().waitFor();
}

/**
 * Waits until the card's status text contains `text`: for what the words say (a countdown), after
 * waiting for the state with `waitForState`.
 */
export async function waitForStatus(card: Locator, text: string): Promise<void> {
  await expect
    .poll(async () => (await card.getByRole('status').textContent()) ?? '', { timeout: 15_000 })
    .toContain(text);
}

export async function signIn(card: Locator, username: string, password: string): Promise<void> {
  await card.getByLabel('Username').fill(username);
  await card.getByLabel('Password').fill(password);
  await card.getByRole('button', { name: 'Sign in' }).click();
}

export async function enterCode(card: Locator, code: string): Promise<void> {
  await card.getByLabel('Verification code').fill(code);
  await card.getByRole('button', { name: 'Verify' }).click();
}

/** The current code of the sandbox's demo authenticator. */
export function totpCode(secret: string): string {
  return new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate();
}

/** Signs every active profile out, so its refreshes do not mix with the next test's. */
export async function signOutAll(harness: Harness): Promise<void> {
  const popup = await harness.openPage('popup');
  await waitForCards(popup);
  for (const button of await popup.getByRole('button', { name: 'Sign out' }).all()) await button.click();
  const live = popup.locator('section[data-state="active"], section[data-state="refreshing"]');
  await expect.poll(() => live.count()).toBe(0);
  await popup.close();
}
