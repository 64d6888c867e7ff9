/**
 * The clipboard clear the worker owes after a copy: it survives a browser restart (only a salted
 * print on disk, never the token) and a clear that fails is tried again, not dropped.
 */
import { localItems } from '../../../../src/shared/storage-items.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runAlarm } from '../../../../src/background/alarms/run.ts';
import { CLIPBOARD_ALARM, writeClipboard } from '../../../../src/background/clipboard/clear.ts';
import { backgroundPageClipboard } from '../../../../src/background/clipboard/platform/background-page-clipboard.ts';
import { wakeUp } from '../../../../src/background/wake-up.ts';
import { fingerprint } from '../../../../src/shared/fingerprint.ts';
import { resetClipboard, systemClipboard } from '../support/fake-clipboard.ts';
import { browser, resetWorkerBrowser, restartBrowser } from '../support/worker-browser.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));
vi.mock(
  '../../../../src/background/clipboard/platform/index.ts',
  () => import('../support/fake-clipboard.ts'),
);

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbi1vZi10aGUtdGVzdA.q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6';
const DEFAULT_DELAY_MS = 60_000;

beforeEach(() => {
  resetWorkerBrowser();
  resetClipboard();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2030-01-02T03:04:05Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const later = (ms: number) => vi.setSystemTime(Date.now() + ms);
const clipboardAlarm = () => browser.alarms.get(CLIPBOARD_ALARM);
/** The browser fires a one-shot alarm and forgets it (the fake-browser only stores alarms). */
async function fireClipboardAlarm(): Promise<void> {
  await browser.alarms.clear(CLIPBOARD_ALARM);
  await runAlarm(CLIPBOARD_ALARM);
}

async function copyToken(): Promise<void> {
  expect(await writeClipboard(TOKEN, await fingerprint(TOKEN))).toBe(true);
  expect(systemClipboard.text).toBe(TOKEN);
}

describe('a copy still waiting to be cleared when the browser closes', () => {
  it('is cleared at the next start, and only a print of it was on disk', async () => {
    await copyToken();
    const onDisk = JSON.stringify(await browser.storage.local.get());
    expect(onDisk).not.toContain(TOKEN);
    expect(onDisk).not.toContain(TOKEN.slice(0, 20));

    await restartBrowser();
    later(DEFAULT_DELAY_MS + 1_000);
    await wakeUp();
    expect(systemClipboard.text).toBe('');
    expect(await clipboardAlarm()).toBeUndefined();
  });

  it('restarted before its time: the alarm is back, and clears at that time', async () => {
    await copyToken();
    await restartBrowser();
    later(10_000);
    await wakeUp();
    expect(systemClipboard.text).toBe(TOKEN);
    const alarm = await clipboardAlarm();
    expect(alarm?.scheduledTime).toBe(Date.now() - 10_000 + DEFAULT_DELAY_MS);

    later(DEFAULT_DELAY_MS);
    await fireClipboardAlarm();
    expect(systemClipboard.text).toBe('');
  });

  it('leaves what the user copied meanwhile alone', async () => {
    await copyToken();
    systemClipboard.text = 'my own notes';
    await restartBrowser();
    later(DEFAULT_DELAY_MS + 1_000);
    await wakeUp();
    expect(systemClipboard.text).toBe('my own notes');
    // Nothing is owed any more: a later start does not look again.
    await wakeUp();
    expect(await clipboardAlarm()).toBeUndefined();
  });
});

describe('a clear that fails', () => {
  it('is tried again after growing delays through the same alarm, until it succeeds', async () => {
    await copyToken();
    later(DEFAULT_DELAY_MS);
    // First the clipboard will not be read, then (Chrome) the offscreen document cannot be created.
    systemClipboard.failReads = 1;
    await fireClipboardAlarm();
    expect(systemClipboard.text).toBe(TOKEN);
    const first = (await clipboardAlarm())!.scheduledTime - Date.now();
    expect(first).toBeGreaterThan(0);

    vi.spyOn(backgroundPageClipboard, 'clearIf').mockRejectedValueOnce(
      new Error('Only a single offscreen document may be created.'),
    );
    later(first);
    await fireClipboardAlarm();
    expect(systemClipboard.text).toBe(TOKEN);
    const second = (await clipboardAlarm())!.scheduledTime - Date.now();
    expect(second).toBeGreaterThan(first);

    later(second);
    await fireClipboardAlarm();
    expect(systemClipboard.text).toBe('');
    expect(await clipboardAlarm()).toBeUndefined();
  });

  it('survives a restart between attempts', async () => {
    await copyToken();
    later(DEFAULT_DELAY_MS);
    systemClipboard.failReads = 1;
    await fireClipboardAlarm();
    await restartBrowser();
    later(DEFAULT_DELAY_MS);
    await wakeUp();
    expect(systemClipboard.text).toBe('');
  });

  it('is given up after a few attempts, and nothing is left behind', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await copyToken();
    systemClipboard.failReads = 100;
    let attempts = 0;
    for (let alarm = await clipboardAlarm(); alarm; alarm = await clipboardAlarm()) {
      vi.setSystemTime(alarm.scheduledTime);
      await fireClipboardAlarm();
      attempts += 1;
      expect(attempts).toBeLessThan(10);
    }
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(systemClipboard.text).toBe(TOKEN);
    // The policy copy the worker keeps (profiles/managed-policy.ts) is all that storage.local holds.
    expect(Object.keys(await browser.storage.local.get())).toEqual([localItems.managedPolicy.key]);
  });
});
