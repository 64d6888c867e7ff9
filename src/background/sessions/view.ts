import type { Profile } from '../../shared/profile.ts';
import type { SessionView } from '../../shared/protocol.ts';
import { publicRecord, type SessionRecord } from '../../shared/sessions/record.ts';
import { liveSessionIds, toView } from '../../shared/sessions/view.ts';
import { readTraffic } from '../traffic/store.ts';
import { readSignInMemory } from './sign-in-memory.ts';

/** The view of one session (shared/sessions/view.ts) with its profile's memory and traffic read. */
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
