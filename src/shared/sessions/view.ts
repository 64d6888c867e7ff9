import { brokerInfo } from '../brokers-catalog.ts';
import type { Profile } from '../profile.ts';
import type { SessionView } from '../protocol.ts';
import { sessionDetails } from './details.ts';
import { isLive, type SessionRecord } from './record.ts';
import type { SignInMemory } from './sign-in-memory.ts';
import type { TrafficSummary } from './traffic.ts';

/**
 * What pages are shown of a session: never the token, the pending challenge or the password.
 * Pure: the worker (for its answers) and the popup (from storage) derive the same view.
 */
export function toView(
  profile: Profile,
  record: SessionRecord | undefined,
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
    expiresAt: isLive(record) ? record.tokens.expiresAt : undefined,
    username: isLive(record) ? record.username : undefined,
    challenge: record?.state === 'code-required' ? record.challenge : undefined,
    challengeExpiresAt: record?.state === 'code-required' ? record.challengeExpiresAt : undefined,
    error: record && 'error' in record ? record.error : undefined,
    rememberedUsername: memory.username,
    refusedPasswords: memory.refusedPasswords,
    details: isLive(record) ? sessionDetails(profile, record, traffic, renewable) : undefined,
  };
}

/** The live sessions among `records`, for reading their traffic. */
export function liveSessionIds(
  records: (SessionRecord | undefined)[],
): { profileId: string; sessionId: string }[] {
  return records.filter(isLive).map(({ profileId, sessionId }) => ({ profileId, sessionId }));
}
