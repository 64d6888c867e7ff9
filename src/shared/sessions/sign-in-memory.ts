/**
 * What the worker remembers of a profile's sign-ins, apart from the session itself:
 * - the username of the last successful sign-in, in storage.local (a username is not a secret;
 *   keeping it makes the next sign-in "password + code"), until the user forgets it or removes
 *   the profile;
 * - the passwords the broker refused in a row, in storage.session (memory only: it is about this
 *   browser session's attempts), so the form can warn before one more may lock the account.
 * The worker writes both (background/sessions/sign-in-memory.ts); the worker and the popup read
 * them through the registry (storage-items.ts, profileItems).
 */
export interface SignInMemory {
  username?: string;
  refusedPasswords: number;
}
