import { browser } from '../shared/browser.ts';
import { clipboardHands } from './platform/index.ts';
import { readSettings } from './settings-store.ts';

export const CLIPBOARD_ALARM = 'clipboard-clear';
const KEY = 'clipboard';

/** What we last put on the clipboard: only its fingerprint, never the text. */
interface ClipboardRecord {
  fingerprint: string;
  clearAt: number;
}

/** Remembers what was copied and arms the alarm that clears it (unless the delay is 0, "never"). */
export async function scheduleClipboardClear(fingerprint: string): Promise<{ clearAt?: number }> {
  const { clipboardClearSec } = await readSettings();
  if (clipboardClearSec <= 0) {
    await browser.storage.session.remove(KEY);
    await browser.alarms.clear(CLIPBOARD_ALARM);
    return {};
  }
  const record: ClipboardRecord = { fingerprint, clearAt: Date.now() + clipboardClearSec * 1000 };
  await browser.storage.session.set({ [KEY]: record });
  await browser.alarms.create(CLIPBOARD_ALARM, { when: record.clearAt });
  return { clearAt: record.clearAt };
}

/** Writes `text` from the worker (keyboard shortcut) and schedules its clearing. */
export async function writeClipboard(text: string, fingerprint: string): Promise<boolean> {
  const done = await clipboardHands.write(text);
  if (done) await scheduleClipboardClear(fingerprint);
  return done;
}

/** The alarm: clears the clipboard if it still holds what we wrote; leaves the user's own copy alone. */
export async function clearClipboardIfUnchanged(): Promise<void> {
  const stored = await browser.storage.session.get(KEY);
  const record = stored[KEY] as ClipboardRecord | undefined;
  if (!record) return;
  await browser.storage.session.remove(KEY);
  await clipboardHands.clearIf(record.fingerprint);
}
