import type { Tokens } from '../brokers/types.ts';
import { browser } from '../shared/browser.ts';

/**
 * "Stay signed in": the one secret that may reach the disk, and only when the user opted in
 * for that profile: the refresh token (never the access token or the password).
 */
export interface PersistedRefresh {
  refreshToken: string;
  refreshExpiresAt?: number;
}

const key = (profileId: string) => `staySignedIn:${profileId}`;

export async function readPersistedRefresh(profileId: string): Promise<PersistedRefresh | undefined> {
  const stored = await browser.storage.local.get(key(profileId));
  return stored[key(profileId)] as PersistedRefresh | undefined;
}

export async function persistRefresh(profileId: string, tokens: Tokens): Promise<void> {
  if (!tokens.refreshToken) return forgetRefresh(profileId);
  const value: PersistedRefresh = {
    refreshToken: tokens.refreshToken,
    refreshExpiresAt: tokens.refreshExpiresAt,
  };
  await browser.storage.local.set({ [key(profileId)]: value });
}

export async function forgetRefresh(profileId: string): Promise<void> {
  await browser.storage.local.remove(key(profileId));
}

/**
 * Many at once (a policy that forbids "Stay signed in" applies to all). Runs at every wake-up,
 * so it reads first and writes only when a refresh token is really on disk.
 */
export async function forgetRefreshOf(profileIds: string[]): Promise<void> {
  if (profileIds.length === 0) return;
  const onDisk = Object.keys(await browser.storage.local.get(profileIds.map(key)));
  if (onDisk.length > 0) await browser.storage.local.remove(onDisk);
}
