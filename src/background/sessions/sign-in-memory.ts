import { browser } from '../../shared/browser.ts';

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

const usernameKey = (profileId: string) => `username:${profileId}`;
const refusedKey = (profileId: string) => `refusedPasswords:${profileId}`;

export async function readSignInMemory(profileId: string): Promise<SignInMemory> {
  return (await readSignInMemories([profileId])).get(profileId)!;
}

/** Every profile's memory in two storage reads, however many profiles (the popup's list). */
export async function readSignInMemories(profileIds: string[]): Promise<Map<string, SignInMemory>> {
  const [local, session] = await Promise.all([
    browser.storage.local.get(profileIds.map(usernameKey)),
    browser.storage.session.get(profileIds.map(refusedKey)),
  ]);
  return new Map(
    profileIds.map((profileId) => {
      const username = local[usernameKey(profileId)];
      const refused = session[refusedKey(profileId)];
      const memory: SignInMemory = {
        username: typeof username === 'string' && username !== '' ? username : undefined,
        refusedPasswords: typeof refused === 'number' ? refused : 0,
      };
      return [profileId, memory];
    }),
  );
}

/** A successful sign-in: its username is kept for next time, and the refusals start over. */
export async function rememberSignIn(profileId: string, username: string): Promise<void> {
  await browser.storage.local.set({ [usernameKey(profileId)]: username });
  await browser.storage.session.remove(refusedKey(profileId));
}

/**
 * One more refused password. Not serialised with other writes: sign-ins of one profile follow
 * each other (the form is disabled while one is out), so two never race on the count.
 */
export async function countRefusedPassword(profileId: string): Promise<void> {
  const { refusedPasswords } = await readSignInMemory(profileId);
  await browser.storage.session.set({ [refusedKey(profileId)]: refusedPasswords + 1 });
}

/** The "Forget" control of the sign-in form. */
export async function forgetUsername(profileId: string): Promise<void> {
  await browser.storage.local.remove(usernameKey(profileId));
}

/** A removed profile leaves nothing behind. */
export async function forgetSignInMemory(profileId: string): Promise<void> {
  await browser.storage.local.remove(usernameKey(profileId));
  await browser.storage.session.remove(refusedKey(profileId));
}
