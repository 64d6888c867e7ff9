import { browser } from '../../shared/browser.ts';
import type { ChangedNotice } from '../../shared/protocol.ts';

/** Tells open popups and options pages to re-read; nobody listening is not an error. */
export function broadcastChanged(): void {
  const notice: ChangedNotice = { channel: 'broker-sessions', type: 'changed' };
  browser.runtime.sendMessage(notice).catch(() => undefined);
}
