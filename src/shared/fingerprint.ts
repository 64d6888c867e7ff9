/**
 * A SHA-256 of text we put on the clipboard, so the worker can later tell whether the clipboard
 * still holds it without keeping the token itself around for that.
 */
export async function fingerprint(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
