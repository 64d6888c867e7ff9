import { forgetRefreshOf, readPersistedRefresh } from './persisted-refresh.ts';
import { readProfiles } from './profile-store.ts';
import { readSessions, updateSession } from './session-store.ts';

/**
 * After a browser restart storage.session is empty; profiles that opted in to "Stay signed in"
 * come back from their stored refresh token. Returns the profiles that now need a refresh.
 */
export async function restorePersistedSessions(): Promise<string[]> {
  const [profiles, sessions] = await Promise.all([readProfiles(), readSessions()]);
  // A refresh token on disk for a profile that no longer opts in (or that a policy now forbids)
  // is taken off the disk, whatever changed while the worker was stopped.
  await forgetRefreshOf(profiles.filter((profile) => !profile.staySignedIn).map((profile) => profile.id));
  const restored: string[] = [];
  for (const profile of profiles) {
    if (!profile.staySignedIn || sessions[profile.id]) continue;
    const persisted = await readPersistedRefresh(profile.id);
    if (!persisted || (persisted.refreshExpiresAt ?? Infinity) <= Date.now()) continue;
    let created = false;
    await updateSession(profile.id, (current) => {
      if (current) return current;
      created = true;
      // No access token yet: the header rules skip it until the refresh brings one.
      return {
        profileId: profile.id,
        state: 'refreshing',
        tokens: { accessToken: '', expiresAt: 0, ...persisted },
        updatedAt: Date.now(),
      };
    });
    if (created) restored.push(profile.id);
  }
  return restored;
}
