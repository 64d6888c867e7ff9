import { brokers } from '../../brokers/index.ts';
import { browser } from '../../shared/browser.ts';
import { capPlan, parseAlarmName, planAlarms } from './plan.ts';
import { readProfiles } from '../profiles/store.ts';
import { readSessions } from '../sessions/store.ts';

/** Chrome may fire an alarm a little late; only a bigger difference is worth re-creating it. */
const TOLERANCE_MS = 1_000;

/**
 * Makes the browser's alarms match the plan derived from storage. Alarms that are already due
 * are returned, not created, for propagate.ts to start now: a packed extension's alarm fires no
 * sooner than 30 s, too late for a token that is expiring.
 */
export async function syncAlarms(now = Date.now()): Promise<string[]> {
  const [profiles, sessions, existing] = await Promise.all([
    readProfiles(),
    readSessions(),
    browser.alarms.getAll(),
  ]);
  const plan = planAlarms(profiles, sessions, (profile) => brokers[profile.broker].refresh !== undefined);
  // Work already due runs now, whatever the alarm limit; only future work needs alarms.
  const due = [...plan].filter(([, when]) => when <= now).map(([name]) => name);
  const future = capPlan(new Map([...plan].filter(([, when]) => when > now)));
  for (const alarm of existing) {
    if (parseAlarmName(alarm.name) && !future.has(alarm.name)) await browser.alarms.clear(alarm.name);
  }
  for (const [name, when] of future) {
    const current = existing.find((alarm) => alarm.name === name);
    if (!current || Math.abs(current.scheduledTime - when) > TOLERANCE_MS)
      await browser.alarms.create(name, { when });
  }
  return due;
}
