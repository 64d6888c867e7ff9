import { profileItems } from '../../shared/storage-items.ts';
import { profilesWith, readItem, removeItem, removeItems, writeItem } from '../../shared/storage.ts';

/**
 * "Stay signed in": the one secret that may reach the disk, and only when the user opted in
 * for that profile: the refresh token (never the access token or the password). Written and
 * removed only through sessions/store.ts, in step with the session it belongs to.
 */
export interface PersistedRefresh {
  refreshToken: string;
  refreshExpiresAt?: number;
}

export async function readPersistedRefresh(profileId: string): Promise<PersistedRefresh | undefined> {
  return readItem(profileItems.staySignedIn.of(profileId));
}

export async function persistRefresh(profileId: string, refresh: PersistedRefresh): Promise<void> {
  const value: PersistedRefresh = {
    refreshToken: refresh.refreshToken,
    refreshExpiresAt: refresh.refreshExpiresAt,
  };
  await writeItem(profileItems.staySignedIn.of(profileId), value);
}

export async function forgetRefresh(profileId: string): Promise<void> {
  await removeItem(profileItems.staySignedIn.of(profileId));
}

/**
 * Takes off the disk every copy that is not of a profile in `keep`: its profile was removed, no
 * longer opts in, or was an administrator's profile that the policy no longer lists. Runs at every
 * wake-up, so it reads first and writes only when such a copy is really on disk.
 */
export async function forgetRefreshExcept(keep: Set<string>): Promise<void> {
  const stale = (await profilesWith(profileItems.staySignedIn)).filter((profileId) => !keep.has(profileId));
  if (stale.length > 0) await removeItems(stale.map((profileId) => profileItems.staySignedIn.of(profileId)));
}
