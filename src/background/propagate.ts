import { runAlarm } from './alarms/run.ts';
import { syncAlarms } from './alarms/sync.ts';
import { badgeLook, showBadge } from './signals/badge.ts';
import { broadcastChanged } from './signals/broadcast.ts';
import { syncHeaderRules } from './header-rules/sync.ts';
import { readSessions } from './sessions/store.ts';
import { applyUpdateIfIdle } from './update-gate.ts';

const ENDING_SOON_MS = 10 * 60_000;

/** Due work started by a change and not yet finished: started once, however many changes follow. */
const running = new Set<string>();

/**
 * Starts the work whose time has come (a refresh, an expiry…). Its alarm was cleared by the sync
 * (a packed extension's alarm fires no sooner than 30 s), so whichever change noticed it must start
 * it: without this, one profile's sign-in at the moment another's refresh fell due lost that
 * refresh. Not awaited here: the work itself ends in a change of its own.
 */
function startDueWork(due: string[]): void {
  for (const name of due) {
    if (running.has(name)) continue;
    running.add(name);
    void runAlarm(name)
      .catch(() => undefined)
      .finally(() => running.delete(name));
  }
}

/**
 * Everything that follows a change of sessions, in order: the header rules (so the browser never
 * sends an old token once a new one is stored), the alarms (and the work already due), the badge,
 * then the open pages; last, an extension update that waited for the sessions to end. Returns the
 * names of the alarms that were due, for a caller that wants to wait for that work (each piece of
 * it is single-flight or idempotent, so running it again there is harmless).
 */
export async function propagateChange(): Promise<string[]> {
  await syncHeaderRules();
  const due = await syncAlarms();
  startDueWork(due);
  const sessions = Object.values(await readSessions());
  await showBadge(badgeLook(sessions, Date.now(), ENDING_SOON_MS)).catch(() => undefined);
  broadcastChanged();
  await applyUpdateIfIdle();
  return due;
}
