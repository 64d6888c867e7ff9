import { createHash } from 'node:crypto';

/**
 * A token's print: names a token without holding it, so a client can say "this token got a 401"
 * (`staleTokenPrint`) and the extension can check whether it is still the session's token.
 *
 * Definition, the same on both sides (the extension computes it with crypto.subtle): the lowercase
 * hex of the first 16 bytes of SHA-256 over the token's UTF-8 bytes (32 hex characters).
 */
export function tokenPrint(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest().subarray(0, 16).toString('hex');
}
