import { brokerInfo } from '../brokers-catalog.ts';
import type { Profile } from '../profile.ts';
import type { SessionView } from '../protocol.ts';
import { isLivePublic, type PublicSessionRecord } from './record.ts';
import { sessionDetails } from './details.ts';
import type { SignInMemory } from './sign-in-memory.ts';
import type { TrafficSummary } from './traffic.ts';

/**
 * What pages are shown of a session: never the token, the pending challenge or the password
 * (it is given the session without its secrets). Pure: the worker (for its answers) and the
 * popup (from storage) derive the same view.
 */
export function toView(
  profile: Profile,
  record: PublicSessionRecord | undefined,
  memory: SignInMemory,
  traffic: TrafficSummary = { requestsLastHour: 0 },
): SessionView {
  const renewable = brokerInfo(profile.broker).renews;
  return {
    profileId: profile.id,
    name: profile.name,
    broker: profile.broker,
    apiBaseUrl: profile.apiBaseUrl,
    staySignedIn: profile.staySignedIn,
    renewable,
    state: record?.state ?? 'signed-out',
    expiresAt: isLivePublic(record) ? record.tokens.expiresAt : undefined,
    username: isLivePublic(record) ? record.username : undefined,
    challenge: record?.state === 'code-required' ? record.challenge : undefined,
    challengeExpiresAt: record?.state === 'code-required' ? record.challengeExpiresAt : undefined,
    error: record && 'error' in record ? record.error : undefined,
    rememberedUsername: memory.username,
    refusedPasswords: memory.refusedPasswords,
    details: isLivePublic(record) ? sessionDetails(profile, record, traffic, renewable) : undefined,
  };
}

/** The live sessions among `records` (with or without their secrets), for reading their traffic. */
export function liveSessionIds(
  records: ({ state: string; profileId: string; sessionId?: string } | undefined)[],
): { profileId: string; sessionId: string }[] {
  return records.flatMap((record) =>
    (record?.state === 'active' || record?.state === 'refreshing') && record.sessionId !== undefined
      ? [{ profileId: record.profileId, sessionId: record.sessionId }]
      : [],
  );
}
