/**
 * "Copy token" puts the bare token on the clipboard; after the configured delay the clipboard is
 * cleared, but only if it still holds the token: something the user copied meanwhile stays. A
 * popup that closes right after Copy (the user clicked elsewhere) still gets its clear.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, signInDemo } from './demo-brokers.ts';
import { launchHarness, type Harness } from './harness.ts';
import { callWorker } from './worker-calls.ts';

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
  const reply = await callWorker(page, 'saveSettings', { clipboardClearSec: seconds });
  expect(reply).toMatchObject({ ok: true, value: { saved: { clipboardClearSec: seconds } } });
}

let token: string;
const cardOf = (popup: Page) => popup.getByLabel(`${DEMO_BROKERS.volven.label} demo`, { exact: true });

describe('Copy token', () => {
  it('copies the bare token and clears it after the delay', async () => {
    const signedIn = await signInDemo(harness, DEMO_BROKERS.volven);
    const { card, popup } = signedIn;
    token = signedIn.token;
    await setClearDelay(popup, 2);
    await card.getByRole('button', { name: 'Copy token' }).click();
    await card.getByText(/Token copied/).waitFor();
    expect(await readClipboard(popup)).toBe(token);
    await expect.poll(() => readClipboard(popup), { timeout: 10_000 }).toBe('');
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const popup = await harness.openPage('popup');
    const card = cardOf(popup);
    await setClearDelay(popup, 2);
    await card.getByRole('button', { name: 'Copy token' }).click();
    await card.getByText(/Token copied/).waitFor();
    await popup.evaluate(() => navigator.clipboard.writeText('my own notes'));
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(await readClipboard(popup)).toBe('my own notes');
  });
});

describe('Copy token, the popup closing right after', () => {
  it('the popup closes the moment the token is on the clipboard: it is still cleared after the delay', async () => {
    const popup = await harness.openPage('popup');
    await setClearDelay(popup, 2);
    // Nothing of the popup's code after its write may run, as when the popup is closed right
    // then: the write is let through, then held, and the page marks that it wrote.
    await popup.evaluate(() => {
      const write = navigator.clipboard.writeText.bind(navigator.clipboard);
      navigator.clipboard.writeText = async (text: string) => {
        await write(text);
        document.documentElement.dataset.wrote = 'true';
        return new Promise<void>(() => undefined);
      };
    });
    await cardOf(popup).getByRole('button', { name: 'Copy token' }).click();
    await popup.locator('html[data-wrote]').waitFor();
    await popup.close();

    const watcher = await harness.openPage('options');
    expect(await readClipboard(watcher)).toBe(token);
    await expect.poll(() => readClipboard(watcher), { timeout: 10_000 }).toBe('');
    await watcher.close();
  });

  it('the popup closes right after the click: the token is not left on the clipboard', async () => {
    const popup = await harness.openPage('popup');
    await setClearDelay(popup, 2);
    await popup.evaluate(() => navigator.clipboard.writeText('before'));
    await cardOf(popup).getByRole('button', { name: 'Copy token' }).click();
    await popup.close();

    // Closed before its write, the popup left the clipboard as it was; after it, the clear comes.
    const watcher = await harness.openPage('options');
    await expect.poll(() => readClipboard(watcher), { timeout: 10_000 }).not.toBe(token);
    expect(await readClipboard(watcher)).toMatch(/^(before|)$/);
    await watcher.close();
  });
});
