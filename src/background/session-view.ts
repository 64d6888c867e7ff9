import { brokers } from '../brokers/index.ts';
import type { Profile } from '../shared/profile.ts';
import type { SessionView } from '../shared/protocol.ts';
import { isLive, type SessionRecord } from './session-record.ts';
import { readSignInMemory, type SignInMemory } from './sign-in-memory.ts';

/** What pages are shown of a session: never the token, the pending challenge or the password. */
export function toView(
  profile: Profile,
  record: SessionRecord | undefined,
  memory: SignInMemory,
): SessionView {
  return {
    profileId: profile.id,
    name: profile.name,
    broker: profile.broker,
    apiBaseUrl: profile.apiBaseUrl,
    staySignedIn: profile.staySignedIn,
    renewable: brokers[profile.broker].refresh !== undefined,
    state: record?.state ?? 'signed-out',
    expiresAt: isLive(record) ? record.tokens.expiresAt : undefined,
    username: isLive(record) ? record.username : undefined,
    challenge: record?.state === 'code-required' ? record.challenge : undefined,
    challengeExpiresAt: record?.state === 'code-required' ? record.challengeExpiresAt : undefined,
    error: record && 'error' in record ? record.error : undefined,
    rememberedUsername: memory.username,
    refusedPasswords: memory.refusedPasswords,
  };
}

/** The view with what the profile remembers of its sign-ins (read from storage). */
export async function viewWithMemory(
  profile: Profile,
  record: SessionRecord | undefined,
): Promise<SessionView> {
  return toView(profile, record, await readSignInMemory(profile.id));
}
