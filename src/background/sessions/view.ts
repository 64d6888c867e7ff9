import { brokers } from '../../brokers/index.ts';
import type { Profile } from '../../shared/profile.ts';
import type { SessionView } from '../../shared/protocol.ts';
import { sessionDetails } from './details.ts';
import {
  isLive,
  isLivePublic,
  publicRecord,
  type PublicSessionRecord,
  type SessionRecord,
} from '../../shared/session-record.ts';
import { readTraffic, type TrafficSummary } from '../traffic/store.ts';
import { readSignInMemory, type SignInMemory } from './sign-in-memory.ts';

/** What pages are shown of a session: never the token, the pending challenge or the password. */
export function toView(
  profile: Profile,
  record: PublicSessionRecord | undefined,
  memory: SignInMemory,
  traffic: TrafficSummary = { requestsLastHour: 0 },
): SessionView {
  const renewable = brokers[profile.broker].refresh !== undefined;
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

/** The live sessions among `records`, for reading their traffic. */
export function liveSessionIds(
  records: (SessionRecord | undefined)[],
): { profileId: string; sessionId: string }[] {
  return records.filter(isLive).map(({ profileId, sessionId }) => ({ profileId, sessionId }));
}

/** The view with what the profile remembers of its sign-ins and what its traffic showed. */
export async function viewWithMemory(
  profile: Profile,
  record: SessionRecord | undefined,
): Promise<SessionView> {
  const [memory, traffic] = await Promise.all([
    readSignInMemory(profile.id),
    readTraffic(liveSessionIds([record]), Date.now()),
  ]);
  return toView(profile, record && publicRecord(record), memory, traffic.get(profile.id));
}
