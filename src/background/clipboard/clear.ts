import { browser } from '../../shared/browser.ts';
import type { ClipboardPrint } from '../../shared/fingerprint.ts';
import { forgetPendingClear, readPendingClear, writePendingClear, type PendingClear } from './pending.ts';
import { clipboardHands } from './platform/index.ts';
import { readSettings } from '../profiles/settings-store.ts';

export const CLIPBOARD_ALARM = 'clipboard-clear';

/**
 * A clear that failed is tried again after each of these delays (through the same alarm), then
 * given up. A packed extension's alarm fires no sooner than 30 s: Chrome stretches the first ones.
 */
export const CLEAR_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000];

/**
 * Remembers what is about to be copied and arms the alarm that clears it (unless the delay is 0,
 * "never"). Called before the text is written, so no moment exists where the clipboard holds
 * something we are not going to clear.
 */
export async function scheduleClipboardClear(print: ClipboardPrint): Promise<{ clearAt?: number }> {
  const { clipboardClearSec } = await readSettings();
  if (clipboardClearSec <= 0) {
    await forgetPendingClear();
    await browser.alarms.clear(CLIPBOARD_ALARM);
    return {};
  }
  const pending: PendingClear = { print, clearAt: Date.now() + clipboardClearSec * 1000, failures: 0 };
  await writePendingClear(pending);
  await browser.alarms.create(CLIPBOARD_ALARM, { when: pending.clearAt });
  return { clearAt: pending.clearAt };
}

/** Writes `text` from the worker (keyboard shortcut), its clear scheduled first. */
export async function writeClipboard(text: string, print: ClipboardPrint): Promise<boolean> {
  await scheduleClipboardClear(print);
  const done = await clipboardHands.write(text).catch(() => false);
  if (!done) await forgetPendingClear({ print, clearAt: 0, failures: 0 });
  return done;
}

let clearing: Promise<void> | undefined;

/**
 * The alarm: clears the clipboard if it still holds what we wrote; leaves the user's own copy
 * alone. The alarm and the wake-up that it causes may both ask: they share one run.
 */
export function clearClipboardIfUnchanged(): Promise<void> {
  clearing ??= clearOnce().finally(() => (clearing = undefined));
  return clearing;
}

async function clearOnce(): Promise<void> {
  const pending = await readPendingClear();
  if (!pending) return;
  const outcome = await clipboardHands.clearIf(pending.print).catch(() => 'failed' as const);
  if (outcome !== 'failed') return forgetPendingClear(pending);
  const delay = CLEAR_RETRY_DELAYS_MS[pending.failures];
  if (delay === undefined) {
    console.warn('Broker Sessions: the clipboard could not be cleared; giving up');
    return forgetPendingClear(pending);
  }
  // A copy made meanwhile owns the clear now; this one's retry would overwrite it.
  if ((await readPendingClear())?.print.hash !== pending.print.hash) return;
  const retry: PendingClear = { ...pending, clearAt: Date.now() + delay, failures: pending.failures + 1 };
  await writePendingClear(retry);
  await browser.alarms.create(CLIPBOARD_ALARM, { when: retry.clearAt });
}

/**
 * At every start and wake-up: a clear that fell due while the worker or the browser was down
 * runs now; one still ahead gets its alarm back (a restart may have dropped it).
 */
export async function resumeClipboardClear(now = Date.now()): Promise<void> {
  const pending = await readPendingClear();
  if (!pending) return;
  if (pending.clearAt <= now) return clearClipboardIfUnchanged();
  const alarm = await browser.alarms.get(CLIPBOARD_ALARM);
  if (!alarm) await browser.alarms.create(CLIPBOARD_ALARM, { when: pending.clearAt });
}
