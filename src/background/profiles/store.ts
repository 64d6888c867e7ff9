import { localItems, readItem, writeItem } from '../../shared/storage-items.ts';
import type { Profile, ProfileDraft } from '../../shared/profile.ts';
import { readManagedPolicy } from './managed-policy.ts';
import { serially } from '../serial.ts';

/** Profiles live in storage.local (storage-items.ts): they are settings, never secrets. */
function readOwnProfiles(): Promise<Profile[]> {
  return readItem(localItems.profiles);
}

/** Every profile in force: the administrator's first, then the user's own, as policy allows. */
export async function readProfiles(): Promise<Profile[]> {
  const [policy, own] = await Promise.all([readManagedPolicy(), readOwnProfiles()]);
  const allowed = policy.forbidStaySignedIn
    ? own.map((profile) => ({ ...profile, staySignedIn: false }))
    : own;
  return [...policy.profiles, ...allowed];
}

export async function readProfile(profileId: string): Promise<Profile | undefined> {
  return (await readProfiles()).find((profile) => profile.id === profileId);
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
