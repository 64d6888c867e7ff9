import { profileItems, readItems, removeItems, writeItem } from '../../shared/storage-items.ts';

/**
 * What the worker remembers of a profile's sign-ins, apart from the session itself:
 * - the username of the last successful sign-in, in storage.local (a username is not a secret;
 *   keeping it makes the next sign-in "password + code"), until the user forgets it or removes
 *   the profile;
 * - the passwords the broker refused in a row, in storage.session (memory only: it is about this
 *   browser session's attempts), so the form can warn before one more may lock the account.
 */
export interface SignInMemory {
  username?: string;
  refusedPasswords: number;
}

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
