import { forgetRefreshExcept, readPersistedRefresh } from './persisted-refresh.ts';
import { readProfiles } from '../profiles/store.ts';
import { readSessions, updateSession } from './store.ts';
import { readSignInMemory } from './sign-in-memory.ts';

/**
 * After a browser restart storage.session is empty; profiles that opted in to "Stay signed in"
 * come back from their stored refresh token, as `restoring` until the renewal brings an access
 * token. Returns the profiles that now need a refresh.
 */
export async function restorePersistedSessions(): Promise<string[]> {
  // Under the policy as it is now (a new one may forbid "Stay signed in"): this waits ≈ 3 s after
  // a browser start, which only the restored sessions wait for (wake-up.ts).
  const [profiles, sessions] = await Promise.all([readProfiles({ fresh: true }), readSessions()]);
  const optedIn = profiles.filter((profile) => profile.staySignedIn);
  // A copy on disk whose profile is gone, no longer opts in, or is an administrator's profile the
  // policy no longer lists (or a policy now forbids it) comes off the disk, whatever changed while
  // the worker was stopped.
  await forgetRefreshExcept(new Set(optedIn.map((profile) => profile.id)));
  const restored: string[] = [];
  for (const profile of optedIn) {
    if (sessions[profile.id]) continue;
    const persisted = await readPersistedRefresh(profile.id);
    if (!persisted || (persisted.refreshExpiresAt ?? Infinity) <= Date.now()) continue;
    // The session's memory is gone with the browser; the profile's remembered username says who.
    const { username } = await readSignInMemory(profile.id);
    let created = false;
    await updateSession(profile.id, (current) => {
      if (current) return current;
      created = true;
      return {
        profileId: profile.id,
        state: 'restoring',
        sessionId: crypto.randomUUID(),
        username,
        ...persisted,
        updatedAt: Date.now(),
      };
    });
    if (created) restored.push(profile.id);
  }
  return restored;
}
