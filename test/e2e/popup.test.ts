/**
 * The popup as people use it, for each broker: sign in with the keyboard, close the popup at the
 * code step (to read the authenticator app or the mail) and finish after reopening it; copy the
 * token in each format and use what was copied; every state passes an accessibility scan and is
 * pictured for the README.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { DEMO_BROKERS, type DemoBroker } from './demo-brokers.ts';
import { addProfile, profileCard, waitForCards, waitForState, waitForStatus } from './flows.ts';
import { launchHarness, type Harness } from './harness.ts';
import { saveScreenshot } from './screenshots.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await launchHarness();
});
afterAll(async () => {
  const secrets = [
    ...Object.values(DEMO_BROKERS).map((demo) => demo.password),
    ...harness.sandbox.issuedTokens().map((issued) => issued.token),
  ];
  for (const line of harness.consoleLines) for (const secret of secrets) expect(line).not.toContain(secret);
  expect(harness.workerErrors).toEqual([]);
  await harness?.close();
});

/** Opens the popup the size the toolbar gives it. */
async function openPopup(): Promise<Page> {
  const popup = await harness.openPage('popup');
  await popup.setViewportSize({ width: 360, height: 600 });
  await waitForCards(popup);
  return popup;
}

const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement as HTMLInputElement | null;
    return active?.labels?.[0]?.textContent ?? active?.textContent ?? '';
  });

const readClipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Pastes `text` into the focused field the way a person does: clipboard, then Ctrl+V. */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await page.keyboard.press('Control+V');
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

const profileName = (demo: DemoBroker) => `${demo.label} desk`;
const pictured = (demo: DemoBroker) => demo.broker === 'volven';

describe.each(Object.values(DEMO_BROKERS))('the popup with $label', (demo) => {
  const name = profileName(demo);

  it('signs in with the keyboard; the code step survives closing the popup', async () => {
    await addProfile(harness, {
      name,
      brokerLabel: demo.label,
      apiBaseUrl: harness.sandbox.urls[demo.broker],
      appKey: demo.appKey,
    });
    let popup = await openPopup();
    let card = profileCard(popup, name);
    await waitForState(card, 'signed-out');
    if (demo.broker === 'volven') {
      // Alone, the card comes first and takes the focus: typing can start at once.
      expect(await popup.getByRole('region').first().getAttribute('aria-label')).toBe(name);
      await expect.poll(() => focusedLabel(popup)).toBe('Username');
    } else {
      // Active sessions come before a signed-out one; the user clicks into its form.
      await card.getByLabel('Username').click();
    }
    await expectAccessible(popup);
    if (pictured(demo)) await saveScreenshot(popup, 'popup-signed-out', popup.locator('main'));

    await popup.keyboard.type(demo.username);
    await popup.keyboard.press('Tab');
    await popup.keyboard.type(demo.password);
    await popup.keyboard.press('Enter');

    if (demo.code) {
      await waitForState(card, 'code-required');
      await expect.poll(() => focusedLabel(popup)).toBe('Verification code');
      await expectAccessible(popup);
      if (pictured(demo)) await saveScreenshot(popup, 'popup-code-required', popup.locator('main'));
      await popup.close();

      popup = await openPopup();
      card = profileCard(popup, name);
      await waitForState(card, 'code-required');
      await waitForStatus(card, 'left to answer');
      expect(await card.getByLabel('Verification code').getAttribute('autocomplete')).toBe('one-time-code');
      expect(await card.getByLabel('Verification code').getAttribute('inputmode')).toBe('numeric');
      await expect.poll(() => focusedLabel(popup)).toBe('Verification code');
      await paste(popup, demo.code(harness.sandbox));
      await popup.keyboard.press('Enter');
    }
    await waitForState(card, 'live');
    await expect.poll(() => focusedLabel(popup)).toBe('Copy token');
    await expectAccessible(popup);
    if (pictured(demo)) await saveScreenshot(popup, 'popup-active', popup.locator('main'));
    await popup.close();
  });

  it('copies the token, the header and a curl command that works as it is', async () => {
    const popup = await openPopup();
    const card = profileCard(popup, name);
    await waitForState(card, 'live');
    const token = harness.sandbox
      .issuedTokens({ broker: demo.broker, username: demo.username, kind: 'access' })
      .at(-1)!.token;
    const headers = [
      `Authorization: Bearer ${token}`,
      ...(demo.appKey ? [`Et-App-Key: ${demo.appKey}`] : []),
    ];

    await card.getByRole('button', { name: 'Copy token' }).click();
    await card.getByText(/^Token copied/).waitFor();
    expect(await readClipboard(popup)).toBe(token);

    await card.getByRole('button', { name: 'Copy header' }).click();
    await card.getByText(/^Header copied/).waitFor();
    expect(await readClipboard(popup)).toBe(headers.join('\n'));

    await card.getByRole('button', { name: 'Copy as curl' }).click();
    await card.getByText(/^curl command copied/).waitFor();
    const command = await readClipboard(popup);
    expect(command).toBe(
      `curl ${headers.map((header) => `-H '${header}' `).join('')}'${harness.sandbox.urls[demo.broker]}/'`,
    );
    // Run it as a person would paste it into a shell (the *.test names mapped to loopback).
    const { stdout } = await promisify(execFile)('sh', [
      '-c',
      command.replace(/^curl /, "curl -s --connect-to '::127.0.0.1:' "),
    ]);
    expect(stdout).toContain(`Signed in as <strong>${demo.username}</strong>`);
    await popup.close();
  });
});

describe('the popup with several profiles', () => {
  it('shows an error in plain words, keeps the username, and lists the profile needing attention first', async () => {
    const volven = DEMO_BROKERS.volven;
    const popup = await openPopup();
    const card = profileCard(popup, profileName(volven));
    await card.getByRole('button', { name: 'Sign out' }).click();
    await waitForState(card, 'signed-out');
    await card.getByLabel('Username').fill(volven.username);
    await card.getByLabel('Password').fill('not-the-password');
    await card.getByRole('button', { name: 'Sign in' }).click();
    await waitForState(card, 'error');
    expect(await card.getByRole('alert').textContent()).toMatch(/incorrect username or password/i);
    expect(await card.getByLabel('Username').inputValue()).toBe(volven.username);
    await expectAccessible(popup);
    await saveScreenshot(popup, 'popup-error', popup.locator('main'));
    await popup.close();

    const reopened = await openPopup();
    expect(await reopened.getByRole('region').first().getAttribute('aria-label')).toBe(profileName(volven));
    await reopened.close();
  });

  it('says who is signed in, and offers that username again after sign-out', async () => {
    const demo = DEMO_BROKERS.traderevolution;
    const popup = await openPopup();
    const card = profileCard(popup, profileName(demo));
    await waitForState(card, 'live');
    await card.getByText(`Signed in as ${demo.username}`).waitFor();
    await card.getByRole('button', { name: 'Sign out' }).click();
    await waitForState(card, 'signed-out');
    expect(await card.getByLabel('Username').inputValue()).toBe(demo.username);
    // A sign-in is now the password alone.
    await card.getByLabel('Password').fill(demo.password);
    await card.getByRole('button', { name: 'Sign in' }).click();
    await waitForState(card, 'live');
    await card.getByText(`Signed in as ${demo.username}`).waitFor();
    await popup.close();
  });

  it('pops out into a window of its own', async () => {
    const popup = await openPopup();
    const [window] = await Promise.all([
      harness.context.waitForEvent('page'),
      popup.getByRole('button', { name: 'Pop out' }).click(),
    ]);
    await window.waitForLoadState();
    expect(new URL(window.url()).searchParams.get('window')).toBe('1');
    await waitForCards(window);
    await profileCard(window, profileName(DEMO_BROKERS.etna)).waitFor();
    // In its own window the popup offers no second pop-out.
    expect(await window.getByRole('button', { name: 'Pop out' }).count()).toBe(0);
    await window.close();
  });
});
