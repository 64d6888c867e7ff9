import { runAlarm } from './alarms/run.ts';
import { syncAlarms } from './alarms/sync.ts';
import { badgeLook, showBadge } from './signals/badge.ts';
import { broadcastChanged } from './signals/broadcast.ts';
import { syncHeaderRules } from './header-rules/sync.ts';
import { readSessions } from './sessions/store.ts';
import { applyUpdateIfIdle } from './update-gate.ts';

const ENDING_SOON_MS = 10 * 60_000;

/** Due work started by a change and not yet finished: started once, however many changes follow. */
const running = new Map<string, Promise<void>>();

/**
 * Starts the work whose time has come (a refresh, an expiry…). Its alarm was cleared by the sync
 * (a packed extension's alarm fires no sooner than 30 s), so whichever change noticed it must start
 * it: without this, one profile's sign-in at the moment another's refresh fell due lost that
 * refresh. Not awaited by the change: the work itself ends in a change of its own.
 */
function startDueWork(due: string[]): Promise<void> {
  const work = due.map((name) => {
    let one = running.get(name);
    if (!one) {
      one = runAlarm(name)
        .catch(() => undefined)
        .finally(() => running.delete(name));
      running.set(name, one);
    }
    return one;
  });
  return Promise.all(work).then(() => undefined);
}

/** What a change set going that outlives it. */
export interface Propagated {
  /**
   * The due work the change found, already started: only a caller that must wait for it (the
   * wake-up, the sweep alarm) awaits this; dropping it loses nothing.
   */
  dueWork: Promise<void>;
}

/**
 * Everything that follows a change of sessions, in order: the header rules (so the browser never
 * sends an old token once a new one is stored), the alarms, and the work already due (started
 * here), the badge, then the open pages; last, an extension update that waited for the sessions
 * to end.
 */
export async function propagateChange(): Promise<Propagated> {
  await syncHeaderRules();
  const dueWork = startDueWork(await syncAlarms());
  const sessions = Object.values(await readSessions());
  await showBadge(badgeLook(sessions, Date.now(), ENDING_SOON_MS)).catch(() => undefined);
  broadcastChanged();
  await applyUpdateIfIdle();
  return { dueWork };
}
