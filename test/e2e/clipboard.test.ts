/**
 * "Copy token" puts the bare token on the clipboard; after the configured delay the clipboard is
 * cleared, but only if it still holds the token: something the user copied meanwhile stays.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, signInDemo } from './demo-brokers.ts';
import { launchHarness, type Harness } from './harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await launchHarness();
});
afterAll(async () => {
  await harness?.close();
});

const readClipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Sets the clearing delay the way the options page does. */
async function setClearDelay(page: Page, seconds: number): Promise<void> {
  const reply = await page.evaluate(
    (clipboardClearSec) =>
      chrome.runtime.sendMessage({
        channel: 'broker-sessions',
        type: 'saveSettings',
        input: { clipboardClearSec },
      }),
    seconds,
  );
  expect(reply).toMatchObject({ ok: true, value: { saved: { clipboardClearSec: seconds } } });
}

describe('Copy token', () => {
  it('copies the bare token and clears it after the delay', async () => {
    const { card, popup, token } = await signInDemo(harness, DEMO_BROKERS.volven);
    await setClearDelay(popup, 2);
    await card.getByRole('button', { name: 'Copy token' }).click();
    await card.getByText(/Token copied/).waitFor();
    expect(await readClipboard(popup)).toBe(token);
    await expect.poll(() => readClipboard(popup), { timeout: 10_000 }).toBe('');
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const popup = await harness.openPage('popup');
    const card = popup.getByLabel(`${DEMO_BROKERS.volven.label} demo`, { exact: true });
    await setClearDelay(popup, 2);
    await card.getByRole('button', { name: 'Copy token' }).click();
    await card.getByText(/Token copied/).waitFor();
    await popup.evaluate(() => navigator.clipboard.writeText('my own notes'));
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(await readClipboard(popup)).toBe('my own notes');
  });
});
