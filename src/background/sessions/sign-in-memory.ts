import { profileItems } from '../../shared/storage-items.ts';
import { readItems, removeItems, writeItem } from '../../shared/storage.ts';
import type { SignInMemory } from '../../shared/sessions/sign-in-memory.ts';

export type { SignInMemory } from '../../shared/sessions/sign-in-memory.ts';

/** The worker's side of the sign-in memory (what it is: shared/sessions/sign-in-memory.ts). */
const { username: usernameOf, refusedPasswords: refusedOf } = profileItems;

export async function readSignInMemory(profileId: string): Promise<SignInMemory> {
  return (await readSignInMemories([profileId])).get(profileId)!;
}

/** Every profile's memory in two storage reads, however many profiles (the popup's list). */
export async function readSignInMemories(profileIds: string[]): Promise<Map<string, SignInMemory>> {
  const [usernames, refused] = await Promise.all([
    readItems(profileIds.map((profileId) => usernameOf.of(profileId))),
    readItems(profileIds.map((profileId) => refusedOf.of(profileId))),
  ]);
  return new Map(
    profileIds.map((profileId, index) => [
      profileId,
      { username: usernames[index], refusedPasswords: refused[index]! },
    ]),
  );
}

/** A successful sign-in: its username is kept for next time, and the refusals start over. */
export async function rememberSignIn(profileId: string, username: string): Promise<void> {
  await writeItem(usernameOf.of(profileId), username);
  await removeItems([refusedOf.of(profileId)]);
}

/**
 * One more refused password. Not serialised with other writes: sign-ins of one profile follow
 * each other (the form is disabled while one is out), so two never race on the count.
 */
export async function countRefusedPassword(profileId: string): Promise<void> {
  const { refusedPasswords } = await readSignInMemory(profileId);
  await writeItem(refusedOf.of(profileId), refusedPasswords + 1);
}

/** The "Forget" control of the sign-in form. */
export async function forgetUsername(profileId: string): Promise<void> {
  await removeItems([usernameOf.of(profileId)]);
}

/** A removed profile leaves nothing behind. */
export async function forgetSignInMemory(profileId: string): Promise<void> {
  await removeItems([usernameOf.of(profileId), refusedOf.of(profileId)]);
}
