/**
 * The project's one fast hash, for prints that guard no secret: which header rules are in force
 * (header-rules/applied.ts) and a managed profile's id (managed-policy.ts). Both are worked out
 * synchronously on hot paths (every rule rebuild; every read of the policy), where a Web Crypto
 * digest per item would cost 5× as much and make them async. What needs a cryptographic hash
 * (the clipboard print, kept on disk beside a token's traces) uses SHA-256 (fingerprint.ts).
 *
 * cyrb53 (public domain): two multiplicative 32-bit lanes mixed into 53 bits, as base-36 text.
 */
export function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
