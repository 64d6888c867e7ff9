/** The contents `install` writes: the launcher script and the host manifests. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BRIDGE_HOST_NAME, FIREFOX_EXTENSION_ID } from '../../../shared/bridge-protocol.ts';
import { CliError } from '../errors.ts';

/** Chrome's extension ids: 32 letters a–p (a SHA-256 prefix, one letter per nibble). */
export const EXTENSION_ID = /^[a-p]{32}$/;

const DESCRIPTION =
  'Broker Sessions: lets local programs (the broker-sessions command) use your broker sessions';

export const chromiumManifest = (launcher: string, extensionIds: string[]) => ({
  name: BRIDGE_HOST_NAME,
  description: DESCRIPTION,
  path: launcher,
  type: 'stdio',
  allowed_origins: extensionIds.map((id) => `chrome-extension://${id}/`),
});

export const firefoxManifest = (launcher: string) => ({
  name: BRIDGE_HOST_NAME,
  description: DESCRIPTION,
  path: launcher,
  type: 'stdio',
  allowed_extensions: [FIREFOX_EXTENSION_ID],
});

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * The launcher the manifests point at. Absolute paths for both node and the host: a browser
 * started from the desktop often has a PATH without node (nvm, Homebrew, …) in it.
 */
export const launcherScript = (nodePath: string, hostFile: string) => `#!/bin/sh
# Broker Sessions' native-messaging host, written by \`broker-sessions install\`.
exec ${shellQuote(nodePath)} ${shellQuote(hostFile)} "$@"
`;

/**
 * The built host: beside this command in dist-cli/ (the bundle), or the repository's
 * dist-cli/ when the command runs from its TypeScript source.
 */
export function defaultHostFile(): string {
  const candidates = [
    new URL('./native-host.mjs', import.meta.url),
    new URL('../../../../dist-cli/native-host.mjs', import.meta.url),
  ].map((url) => fileURLToPath(url));
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new CliError(
      'internal',
      `The host is not built (${candidates[1]}): run \`npm run build:cli\`, or pass --host-file.`,
    );
  }
  return found;
}

export function checkedHostFile(path: string | undefined): string {
  if (path === undefined) return defaultHostFile();
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new CliError('internal', `No such host file: ${absolute}`);
  return absolute;
}
