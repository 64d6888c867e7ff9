/**
 * What the worker remembers of a profile's sign-ins, apart from the session itself:
 * - the username of the last successful sign-in, in storage.local (a username is not a secret;
 *   keeping it makes the next sign-in "password + code"), until the user forgets it or removes
 *   the profile;
 * - the passwords the broker refused in a row, in storage.session (memory only: it is about this
 *   browser session's attempts), so the form can warn before one more may lock the account.
 * The worker writes both (background/sessions/sign-in-memory.ts); the worker and the popup read them.
 */
export interface SignInMemory {
  username?: string;
  refusedPasswords: number;
}

export const usernameKey = (profileId: string) => `username:${profileId}`;
export const refusedKey = (profileId: string) => `refusedPasswords:${profileId}`;

/** Each profile's memory from one read of storage.local and one of storage.session. */
export function memoriesFrom(
  profileIds: string[],
  local: Record<string, unknown>,
  session: Record<string, unknown>,
): Map<string, SignInMemory> {
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
