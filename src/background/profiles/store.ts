import { localItems } from '../../shared/storage-items.ts';
import { readItem, writeItem } from '../../shared/storage.ts';
import type { Profile, ProfileDraft } from '../../shared/profile.ts';
import { profilesInForce } from '../../shared/policy-in-force.ts';
import { readFreshManagedPolicy, readManagedPolicy } from './managed-policy.ts';
import { serially } from '../serial.ts';

/** Profiles live in storage.local (storage-items.ts): they are settings, never secrets. */
function readOwnProfiles(): Promise<Profile[]> {
  return readItem(localItems.profiles);
}

export interface PolicyRead {
  /**
   * Under the policy as the browser has it now, not the copy last read: for what the policy could
   * forbid (managed-policy.ts says which), at the cost of ≈ 3 s after a browser start.
   */
  fresh?: boolean;
}

/** Every profile in force: the administrator's first, then the user's own, as policy allows. */
export async function readProfiles(options: PolicyRead = {}): Promise<Profile[]> {
  const [policy, own] = await Promise.all([
    options.fresh ? readFreshManagedPolicy() : readManagedPolicy(),
    readOwnProfiles(),
  ]);
  return profilesInForce(policy, own);
}

export async function readProfile(profileId: string, options: PolicyRead = {}): Promise<Profile | undefined> {
  return (await readProfiles(options)).find((profile) => profile.id === profileId);
}

/**
 * Whether a refresh token of this profile may go to disk now: the profile opts in to "Stay signed
 * in" and the policy, read fresh, still allows it (the fresh read is skipped when the profile
 * does not opt in anyway).
 */
export async function keepsRefreshOnDisk(profile: Profile | undefined): Promise<boolean> {
  if (!profile?.staySignedIn) return false;
  return (await readProfile(profile.id, { fresh: true }))?.staySignedIn ?? false;
}

export function writeProfile(draft: ProfileDraft): Promise<Profile> {
  return serially(async () => {
    const profiles = await readOwnProfiles();
    const profile: Profile = { ...draft, id: draft.id ?? crypto.randomUUID() };
    const index = profiles.findIndex((existing) => existing.id === profile.id);
    if (index >= 0) profiles[index] = profile;
    else profiles.push(profile);
    await writeItem(localItems.profiles, profiles);
    return profile;
  });
}

export function deleteProfile(profileId: string): Promise<boolean> {
  return serially(async () => {
    const profiles = await readOwnProfiles();
    const kept = profiles.filter((profile) => profile.id !== profileId);
    await writeItem(localItems.profiles, kept);
    return kept.length !== profiles.length;
  });
}
