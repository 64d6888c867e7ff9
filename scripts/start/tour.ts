import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TOTP } from 'otpauth';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/index.ts';
import type { DemoProfile } from './demo-profiles.ts';

/** Waits for the card's status to show `state`, or fails with what the card says instead. */
async function reach(card: Locator, state: 'Code required' | 'Active'): Promise<void> {
  const reached = card.getByRole('status').filter({ hasText: state });
  const failed = card.getByRole('alert');
  await Promise.race([reached.waitFor({ timeout: 20_000 }), failed.waitFor({ timeout: 20_000 })]);
  if (!(await reached.count()))
    throw new Error(`${await card.getAttribute('aria-label')}: ${await failed.textContent()}`);
}

/** The code a person would type: from the authenticator app, or from ETNA's mail (the outbox). */
function codeFor(profile: DemoProfile, sandbox: Sandbox): string {
  if (profile.broker === 'volven')
    return new TOTP({ secret: sandbox.totpSecret, algorithm: 'SHA1', digits: 6, period: 30 }).generate();
  const code = sandbox.lastCode(profile.username);
  if (!code) throw new Error(`The sandbox sent no code to ${profile.username}.`);
  return code;
}

async function signIn(popup: Page, profile: DemoProfile, sandbox: Sandbox): Promise<void> {
  const card = popup.getByRole('region', { name: profile.draft.name, exact: true });
  await card.getByLabel('Username').fill(profile.username);
  await card.getByLabel('Password').fill(profile.password);
  await card.getByRole('button', { name: 'Sign in' }).click();
  if (profile.broker !== 'traderevolution') {
    await reach(card, 'Code required');
    await card.getByLabel('Verification code').fill(codeFor(profile, sandbox));
    await card.getByRole('button', { name: 'Verify' }).click();
  }
  await reach(card, 'Active');
}

/**
 * Signs in to every demo broker through the popup, as a person would, opens each one's API tab,
 * and saves a screenshot of each step. Returns the files written.
 */
export async function runTour(
  context: BrowserContext,
  popupUrl: string,
  profiles: DemoProfile[],
  sandbox: Sandbox,
  outDir: string,
): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const shoot = async (page: Page, name: string) => {
    const path = join(outDir, `${name}.png`);
    await page.screenshot({ path });
    written.push(path);
  };
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 360, height: 640 });
  await popup.goto(popupUrl);
  await shoot(popup, '1-popup-signed-out');
  for (const profile of profiles) {
    await signIn(popup, profile, sandbox);
    const card = popup.getByRole('region', { name: profile.draft.name, exact: true });
    const [apiTab] = await Promise.all([
      context.waitForEvent('page'),
      card.getByRole('button', { name: 'Open API' }).click(),
    ]);
    await apiTab.waitForURL(`${sandbox.urls[profile.broker]}/`);
    await apiTab.getByText('Signed in as').waitFor();
    await shoot(apiTab, `2-${profile.broker}-api-tab`);
    await apiTab.close();
    console.log(`    ${profile.draft.name}: signed in; its API tab carries the token.`);
  }
  await shoot(popup, '3-popup-all-active');
  return written;
}
