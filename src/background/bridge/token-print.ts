/**
 * A token's print: lowercase hex of the first 16 bytes of SHA-256 of its UTF-8 bytes. The proxy
 * reports a refused token by its print (src/bridge/token-print.ts computes the same), so no token
 * travels back over the bridge.
 */
export async function tokenPrint(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest).slice(0, 16)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
