import type { Profile } from '../../shared/profile.ts';
import { refreshDueAt } from '../refresh/timing.ts';
import { isLive, type SessionRecord } from '../../shared/sessions/record.ts';

/** Alarm names carry their purpose and the profile: `refresh:<profileId>`. */
export type AlarmPurpose = 'refresh' | 'expire' | 'warn' | 'challenge' | 'sweep';
export const alarmName = (purpose: AlarmPurpose, profileId: string) => `${purpose}:${profileId}`;

export function parseAlarmName(name: string): { purpose: AlarmPurpose; profileId: string } | undefined {
  const match = /^(refresh|expire|warn|challenge|sweep):(.+)$/.exec(name);
  return match ? { purpose: match[1] as AlarmPurpose, profileId: match[2]! } : undefined;
}

/** How long before a no-refresh (ETNA) session ends the user is warned. */
export function warningLeadMs(lifetimeMs: number): number {
  return Math.min(10 * 60_000, lifetimeMs * 0.2);
}

/**
 * Every alarm that storage says should exist, by name, with its time (epoch ms). Derived from
 * the sessions alone, so it can be re-applied at every wake-up.
 */
export function planAlarms(
  profiles: Profile[],
  sessions: Record<string, SessionRecord>,
  canRefresh: (profile: Profile) => boolean,
): Map<string, number> {
  const plan = new Map<string, number>();
  for (const profile of profiles) {
    const record = sessions[profile.id];
    if (!record) continue;
    if (record.state === 'code-required')
      plan.set(alarmName('challenge', profile.id), record.challengeExpiresAt);
    // A restored session is renewed at once by the wake-up; its watchdog retries it after that.
    if (record.state === 'restoring' && record.retryAt !== undefined)
      plan.set(alarmName('refresh', profile.id), record.retryAt);
    if (!isLive(record)) continue;
    const { tokens, tokensIssuedAt: issuedAt } = record;
    plan.set(alarmName('expire', profile.id), tokens.expiresAt);
    if (canRefresh(profile) && tokens.refreshToken) {
      const due = record.retryAt ?? refreshDueAt(issuedAt, tokens.expiresAt, profile.refreshMarginSec);
      plan.set(alarmName('refresh', profile.id), due);
    } else if (!record.warned) {
      plan.set(alarmName('warn', profile.id), tokens.expiresAt - warningLeadMs(tokens.expiresAt - issuedAt));
    }
  }
  return plan;
}

/**
 * Chrome refuses more than 500 alarms per extension. With that many sessions only the earliest
 * entries get alarms of their own, and one `sweep:all` alarm at the first entry left out wakes
 * the worker to run what is due and plan again. `max` leaves room for other alarms (clipboard).
 */
export const MAX_PLANNED_ALARMS = 450;
export const SWEEP_ALARM = alarmName('sweep', 'all');

export function capPlan(plan: Map<string, number>, max = MAX_PLANNED_ALARMS): Map<string, number> {
  if (plan.size <= max) return plan;
  const byTime = [...plan].sort((a, b) => a[1] - b[1]);
  const kept = new Map(byTime.slice(0, max - 1));
  kept.set(SWEEP_ALARM, byTime[max - 1]![1]);
  return kept;
}
