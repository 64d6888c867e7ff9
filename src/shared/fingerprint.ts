/**
 * The fingerprint of a text we put on the clipboard, so the worker can later tell whether the
 * clipboard still holds it without keeping the text (a token) itself around for that. It is kept
 * on disk (the clear must survive a browser restart), so it must not help anyone who reads the
 * profile folder:
 * - what we copy always contains a token: a broker's access token carries well over 100 bits of
 *   randomness, so no list of guesses, however fast the hash, ever reaches it;
 * - a fresh random salt per copy, stored beside the hash, makes every print unique: no
 *   precomputed table applies, and two copies of the same token cannot be linked by their prints.
 * A keyed hash (HMAC) would add nothing here, and its key would have to be on disk too.
 */
export interface ClipboardPrint {
  /** 16 random bytes, hex. */
  salt: string;
  /** SHA-256 of the salt and the text, hex. */
  hash: string;
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

async function saltedHash(salt: string, text: string): Promise<string> {
  // The salt has a fixed length, so salt + text cannot be read two ways.
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(salt + text));
  return toHex(new Uint8Array(digest));
}

export async function fingerprint(text: string): Promise<ClipboardPrint> {
  const salt = toHex(crypto.getRandomValues(new Uint8Array(16)));
  return { salt, hash: await saltedHash(salt, text) };
}

export async function matchesPrint(text: string, print: ClipboardPrint): Promise<boolean> {
  return (await saltedHash(print.salt, text)) === print.hash;
}

/** A print as a page sends it: checked before it is stored. */
export function isClipboardPrint(value: unknown): value is ClipboardPrint {
  const print = value as ClipboardPrint;
  return (
    typeof value === 'object' &&
    value !== null &&
    /^[0-9a-f]{32}$/.test(String(print.salt)) &&
    /^[0-9a-f]{64}$/.test(String(print.hash))
  );
}
