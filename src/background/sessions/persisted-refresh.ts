import { browser } from '../../shared/browser.ts';

/**
 * "Stay signed in": the one secret that may reach the disk, and only when the user opted in
 * for that profile: the refresh token (never the access token or the password). Written and
 * removed only through sessions/store.ts, in step with the session it belongs to.
 */
export interface PersistedRefresh {
  refreshToken: string;
  refreshExpiresAt?: number;
}

const PREFIX = 'staySignedIn:';
const key = (profileId: string) => `${PREFIX}${profileId}`;

export async function readPersistedRefresh(profileId: string): Promise<PersistedRefresh | undefined> {
  const stored = (await browser.storage.local.get(key(profileId)))[key(profileId)] as unknown;
  const value = stored as Partial<PersistedRefresh> | undefined;
  if (typeof value?.refreshToken !== 'string' || value.refreshToken === '') return undefined;
  return {
    refreshToken: value.refreshToken,
    refreshExpiresAt: typeof value.refreshExpiresAt === 'number' ? value.refreshExpiresAt : undefined,
  };
}

export async function persistRefresh(profileId: string, refresh: PersistedRefresh): Promise<void> {
  const value: PersistedRefresh = {
    refreshToken: refresh.refreshToken,
    refreshExpiresAt: refresh.refreshExpiresAt,
  };
  await browser.storage.local.set({ [key(profileId)]: value });
}

export async function forgetRefresh(profileId: string): Promise<void> {
  await browser.storage.local.remove(key(profileId));
}

/**
 * Takes off the disk every copy that is not of a profile in `keep`: its profile was removed, no
 * longer opts in, or was an administrator's profile that the policy no longer lists. Runs at every
 * wake-up, so it reads first and writes only when such a copy is really on disk.
 */
export async function forgetRefreshExcept(keep: Set<string>): Promise<void> {
  const stored = await browser.storage.local.get(null);
  const stale = Object.keys(stored).filter(
    (name) => name.startsWith(PREFIX) && !keep.has(name.slice(PREFIX.length)),
  );
  if (stale.length > 0) await browser.storage.local.remove(stale);
}
