import { browser } from '../shared/browser.ts';
import { sessionItems } from '../shared/storage-items.ts';
import { readItem, removeItem, writeItem } from '../shared/storage.ts';
import { isEnded, type SessionRecord } from '../shared/sessions/record.ts';
import { readSessions } from './sessions/store.ts';

/**
 * Extension updates wait for a quiet moment. Applying one clears storage.session and the session
 * rules, which would sign every user out in the middle of their work; with a listener for
 * `runtime.onUpdateAvailable` the browser leaves the update to us (without one it applies it as soon
 * as the worker is idle). It is applied (`runtime.reload()`) once no session is in use or under
 * way; "Stay signed in" sessions then come back as after a browser restart.
 */
/** Only sessions that are over (or none) may be cleared by an update. */
export function mayApplyUpdate(sessions: SessionRecord[]): boolean {
  return sessions.every(isEnded);
}

export async function noteUpdateAvailable(): Promise<void> {
  await writeItem(sessionItems.updatePending, true);
  await applyUpdateIfIdle();
}

/** Called after every change of sessions: the last session to end lets a waiting update in. */
export async function applyUpdateIfIdle(): Promise<void> {
  if (!(await readItem(sessionItems.updatePending))) return;
  if (!mayApplyUpdate(Object.values(await readSessions()))) return;
  await removeItem(sessionItems.updatePending);
  browser.runtime.reload();
}
