import { syncAlarms } from './alarm-sync.ts';
import { badgeLook, showBadge } from './badge.ts';
import { broadcastChanged } from './broadcast.ts';
import { syncHeaderRules } from './rules-sync.ts';
import { readSessions } from './session-store.ts';
import { applyUpdateIfIdle } from './update-gate.ts';

const ENDING_SOON_MS = 10 * 60_000;

/**
 * Everything that follows a change of sessions, in order: the header rules (so the browser never
 * sends an old token once a new one is stored), the alarms, the badge, then the open pages; last,
 * an extension update that waited for the sessions to end. Returns the names of alarms that were already due, for the caller to run.
 */
export async function afterChange(): Promise<string[]> {
  await syncHeaderRules();
  const due = await syncAlarms();
  const sessions = Object.values(await readSessions());
  await showBadge(badgeLook(sessions, Date.now(), ENDING_SOON_MS)).catch(() => undefined);
  broadcastChanged();
  await applyUpdateIfIdle();
  return due;
}
