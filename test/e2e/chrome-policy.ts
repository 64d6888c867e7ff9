import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's Chromium reads mandatory policy files (JSON, read at start-up). */
export const CHROMIUM_POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = join(CHROMIUM_POLICY_DIR, 'broker-sessions-e2e.json');

/**
 * The id Chromium gives an unpacked extension without a manifest `key`: the SHA-256 of its
 * absolute path, first 32 hex digits spelled with the letters a–p.
 */
export function unpackedExtensionId(absolutePath: string): string {
  const hex = createHash('sha256').update(absolutePath).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/**
 * Installs `policy` as the extension's managed storage, the way an administrator would: a
 * "3rdparty" entry for its id in a machine policy file. Returns the function that removes it.
 * Needs write access to /etc/chromium (root, as in CI).
 */
export function installExtensionPolicy(extensionDir: string, policy: object): () => void {
  mkdirSync(CHROMIUM_POLICY_DIR, { recursive: true });
  try {
    accessSync(CHROMIUM_POLICY_DIR, constants.W_OK);
  } catch {
    throw new Error(`The managed-policy test writes to ${CHROMIUM_POLICY_DIR}: run it as root (as CI does).`);
  }
  const id = unpackedExtensionId(extensionDir);
  writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [id]: policy } } }, null, 2));
  return () => rmSync(POLICY_FILE, { force: true });
}
