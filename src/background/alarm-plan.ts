import type { Profile } from '../shared/profile.ts';
import { refreshDueAt } from './refresh-timing.ts';
import type { SessionRecord } from './session-store.ts';

/** Alarm names carry their purpose and the profile: `refresh:<profileId>`. */
export type AlarmPurpose = 'refresh' | 'expire' | 'warn' | 'challenge';
export const alarmName = (purpose: AlarmPurpose, profileId: string) => `${purpose}:${profileId}`;

export function parseAlarmName(name: string): { purpose: AlarmPurpose; profileId: string } | undefined {
  const match = /^(refresh|expire|warn|challenge):(.+)$/.exec(name);
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
    if (record.state === 'code-required' && record.challengeExpiresAt)
      plan.set(alarmName('challenge', profile.id), record.challengeExpiresAt);
    const tokens = record.tokens;
    if ((record.state !== 'active' && record.state !== 'refreshing') || !tokens) continue;
    const issuedAt = record.tokensIssuedAt ?? record.updatedAt;
    if (tokens.accessToken) plan.set(alarmName('expire', profile.id), tokens.expiresAt);
    if (canRefresh(profile) && tokens.refreshToken) {
      const due = record.retryAt ?? refreshDueAt(issuedAt, tokens.expiresAt, profile.refreshMarginSec);
      plan.set(alarmName('refresh', profile.id), due);
    } else if (!record.warned) {
      plan.set(alarmName('warn', profile.id), tokens.expiresAt - warningLeadMs(tokens.expiresAt - issuedAt));
    }
  }
  return plan;
}
