import { browser } from '../../shared/browser.ts';

import {
  memoriesFrom,
  refusedKey,
  usernameKey,
  type SignInMemory,
} from '../../shared/sessions/sign-in-memory.ts';

export type { SignInMemory } from '../../shared/sessions/sign-in-memory.ts';

/** The worker's side of the sign-in memory (what it is: shared/sessions/sign-in-memory.ts). */
export async function readSignInMemory(profileId: string): Promise<SignInMemory> {
  return (await readSignInMemories([profileId])).get(profileId)!;
}

/** Every profile's memory in two storage reads, however many profiles (the popup's list). */
export async function readSignInMemories(profileIds: string[]): Promise<Map<string, SignInMemory>> {
  const [local, session] = await Promise.all([
    browser.storage.local.get(profileIds.map(usernameKey)),
    browser.storage.session.get(profileIds.map(refusedKey)),
  ]);
  return memoriesFrom(profileIds, local, session);
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
