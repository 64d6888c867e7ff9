/**
 * Where the native host is registered, per user (no root needed):
 *
 * | OS      | launcher                                                  | host manifests (`<BRIDGE_HOST_NAME>.json`)                   |
 * | ------- | --------------------------------------------------------- | ------------------------------------------------------------ |
 * | Linux   | ~/.local/share/broker-sessions/native-host                | Chrome ~/.config/google-chrome/NativeMessagingHosts/,        |
 * |         |                                                           | Chromium ~/.config/chromium/NativeMessagingHosts/,           |
 * |         |                                                           | Firefox ~/.mozilla/native-messaging-hosts/                   |
 * | macOS   | ~/Library/Application Support/BrokerSessions/native-host  | ~/Library/Application Support/Google/Chrome/NativeMessagingHosts/, |
 * |         |                                                           | …/Chromium/NativeMessagingHosts/, …/Mozilla/NativeMessagingHosts/ |
 * | Windows | not supported yet                                         | registry keys HKCU\Software\Google\Chrome\NativeMessagingHosts\<name>, |
 * |         |                                                           | HKCU\Software\Chromium\NativeMessagingHosts\<name>, HKCU\Software\Mozilla\NativeMessagingHosts\<name>, |
 * |         |                                                           | each with a default value: the manifest file's path          |
 *
 * A Chromium-family browser started with `--user-data-dir=DIR` also reads DIR/NativeMessagingHosts/.
 */
import { join } from 'node:path';
import { BRIDGE_HOST_NAME } from '../../../shared/bridge-protocol.ts';
import { CliError } from '../errors.ts';

export const BROWSERS = ['chrome', 'chromium', 'firefox'] as const;
export type Browser = (typeof BROWSERS)[number];

export interface BrowserPlace {
  /** The browser's settings folder: its presence says the browser is installed for this user. */
  root: string;
  /** The host manifest's path. */
  manifest: string;
}

export interface InstallPaths {
  launcher: string;
  browsers: Record<Browser, BrowserPlace>;
}

export const manifestName = `${BRIDGE_HOST_NAME}.json`;

export const userDataDirManifest = (dir: string) => join(dir, 'NativeMessagingHosts', manifestName);

export function installPaths(home: string, platform: NodeJS.Platform = process.platform): InstallPaths {
  const place = (root: string, dir: string): BrowserPlace => ({
    root,
    manifest: join(root, dir, manifestName),
  });
  if (platform === 'linux') {
    return {
      launcher: join(home, '.local/share/broker-sessions/native-host'),
      browsers: {
        chrome: place(join(home, '.config/google-chrome'), 'NativeMessagingHosts'),
        chromium: place(join(home, '.config/chromium'), 'NativeMessagingHosts'),
        firefox: place(join(home, '.mozilla'), 'native-messaging-hosts'),
      },
    };
  }
  if (platform === 'darwin') {
    const support = join(home, 'Library/Application Support');
    return {
      launcher: join(support, 'BrokerSessions/native-host'),
      browsers: {
        chrome: place(join(support, 'Google/Chrome'), 'NativeMessagingHosts'),
        chromium: place(join(support, 'Chromium'), 'NativeMessagingHosts'),
        firefox: place(join(support, 'Mozilla'), 'NativeMessagingHosts'),
      },
    };
  }
  throw new CliError(
    'not-supported',
    `Installing on ${platform} is not supported yet: see src/bridge/README.md.`,
  );
}
