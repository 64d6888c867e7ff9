import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GECKO_ID } from '../../../scripts/firefox-manifest.ts';

/**
 * Where Firefox on Linux reads a system-wide policies.json at start-up (checked before the
 * installation's own distribution/ directory). Measured with Debian's firefox-esr 153.
 */
export const FIREFOX_POLICY_DIR = '/etc/firefox/policies';
const POLICY_FILE = join(FIREFOX_POLICY_DIR, 'policies.json');

/**
 * Installs `policy` as the add-on's managed storage the way an administrator does: a
 * "3rdparty" → "Extensions" entry for its id. Returns the function that removes it. Needs root
 * (as in CI), and refuses to overwrite a policies.json it did not write.
 */
export function installFirefoxPolicy(policy: object): () => void {
  if (existsSync(POLICY_FILE))
    throw new Error(`${POLICY_FILE} exists already: the Firefox policy test does not overwrite it.`);
  try {
    mkdirSync(FIREFOX_POLICY_DIR, { recursive: true });
    accessSync(FIREFOX_POLICY_DIR, constants.W_OK);
  } catch {
    throw new Error(`The Firefox policy test writes to ${FIREFOX_POLICY_DIR}: run it as root (as CI does).`);
  }
  writeFileSync(
    POLICY_FILE,
    JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: policy } } } }),
  );
  return () => rmSync(POLICY_FILE, { force: true });
}
