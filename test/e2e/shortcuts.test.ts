/**
 * The keyboard shortcuts, pressed for real: a headed Chromium on a virtual X display (Xvfb) and
 * key presses from xdotool, because headless Chromium never routes keys to extension commands.
 * One shortcut opens the popup; the other copies the token of the most recently used active
 * profile, which the clipboard gives back and which is cleared after the set delay.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, signInDemo } from './demo-brokers.ts';
import { launchHarness, type Harness } from './harness.ts';
import { callWorker } from './worker-calls.ts';
import { startXvfb, type VirtualDisplay } from './xvfb.ts';

let screen: VirtualDisplay;
let harness: Harness;
beforeAll(async () => {
  screen = await startXvfb();
  harness = await launchHarness({ display: screen.display });
});
afterAll(async () => {
  await harness?.close();
  await screen?.close();
});

/** What a person types on the keyboard, into whichever browser window has the focus. */
function press(keys: string): void {
  execFileSync('xdotool', ['key', '--clearmodifiers', keys], {
    env: { ...process.env, DISPLAY: screen.display },
  });
}

/**
 * Binds the manifest's suggested keys the way chrome://extensions/shortcuts does. Chromium
 * leaves suggested keys unbound for an extension loaded from the command line.
 */
async function bindShortcuts(): Promise<void> {
  const page = await harness.context.newPage();
  await page.goto('chrome://extensions/shortcuts');
  for (const [commandName, keybinding] of [
    ['_execute_action', 'Alt+Shift+B'],
    ['copy-token', 'Alt+Shift+C'],
  ])
    await page.evaluate(
      (update) =>
        new Promise<void>((resolve) =>
          (
            chrome as unknown as {
              developerPrivate: { updateExtensionCommand(u: object, done: () => void): void };
            }
          ).developerPrivate.updateExtensionCommand(update, resolve),
        ),
      { extensionId: harness.extensionId, commandName, keybinding },
    );
  await page.close();
}

const readClipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

describe('keyboard shortcuts', () => {
  it('copy the token of the most recently used active profile, then clear it after the delay', async () => {
    await bindShortcuts();
    const volven = await signInDemo(harness, DEMO_BROKERS.volven);
    const te = await signInDemo(harness, DEMO_BROKERS.traderevolution);
    const settings = await callWorker(te.popup, 'saveSettings', { clipboardClearSec: 3 });
    expect(settings).toMatchObject({ ok: true });

    // TraderEvolution was signed in last; Volven is the one the user copied from since.
    await volven.card.getByRole('button', { name: 'Copy token' }).click();
    await volven.card.getByText(/^Token copied/).waitFor();
    await te.popup.evaluate(() => navigator.clipboard.writeText('something else'));

    const site = await harness.context.newPage();
    await site.goto(harness.sandbox.urls.volven + '/');
    await site.bringToFront();
    press('alt+shift+c');
    await expect.poll(() => readClipboard(te.popup), { timeout: 5_000 }).toBe(volven.token);
    await expect.poll(() => readClipboard(te.popup), { timeout: 10_000 }).toBe('');
  });

  it('opens the popup', async () => {
    const site = harness.context.pages().at(-1)!;
    await site.bringToFront();
    const worker = await harness.worker();
    const openPopups = () =>
      worker.evaluate(async () => {
        const contexts = await chrome.runtime.getContexts({
          contextTypes: [chrome.runtime.ContextType.POPUP],
        });
        return contexts.map((context) => new URL(context.documentUrl ?? '').pathname);
      });
    expect(await openPopups()).toEqual([]);
    press('alt+shift+b');
    await expect.poll(openPopups, { timeout: 5_000 }).toEqual(['/src/popup/index.html']);
  });
});
