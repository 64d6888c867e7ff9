/** `install` and `uninstall`: the native host's registration with the browsers, for this user. */
import { chmodSync, existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parse } from '../command.ts';
import type { Command, Io } from '../command.ts';
import { usageError } from '../errors.ts';
import {
  EXTENSION_ID,
  checkedHostFile,
  chromiumManifest,
  firefoxManifest,
  launcherScript,
} from '../install/files.ts';
import { BROWSERS, installPaths, userDataDirManifest } from '../install/paths.ts';
import type { Browser, InstallPaths } from '../install/paths.ts';
import { commandHelp } from '../usage.ts';

const OPTIONS = {
  'extension-id': { type: 'string', multiple: true },
  'user-data-dir': { type: 'string', multiple: true },
  browser: { type: 'string', multiple: true },
  'host-file': { type: 'string' },
} as const;

interface Flags {
  extensionIds: string[];
  userDataDirs: string[];
  /** Named with --browser; undefined: none named. */
  browsers: Browser[] | undefined;
  hostFile: string | undefined;
}

function flags(name: 'install' | 'uninstall', args: string[], io: Io): Flags | undefined {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.out(commandHelp(name));
    return undefined;
  }
  if (positionals.length > 0) throw usageError(`Unexpected argument: ${positionals[0]}`);
  const extensionIds = values['extension-id'] ?? [];
  for (const id of extensionIds) {
    if (!EXTENSION_ID.test(id)) throw usageError(`Not an extension id (32 letters a–p): ${id}`);
  }
  const named = values.browser;
  for (const browser of named ?? []) {
    if (!(BROWSERS as readonly string[]).includes(browser))
      throw usageError(`Unknown browser: ${browser} (chrome, chromium or firefox)`);
  }
  return {
    extensionIds,
    userDataDirs: (values['user-data-dir'] ?? []).map((dir) => resolve(dir)),
    browsers: named as Browser[] | undefined,
    hostFile: values['host-file'],
  };
}

/** Which default places to use: the named browsers; else, without --user-data-dir, the installed ones. */
function chosenBrowsers(options: Flags, paths: InstallPaths): Browser[] {
  if (options.browsers) return [...new Set(options.browsers)];
  if (options.userDataDirs.length > 0) return [];
  return BROWSERS.filter((browser) => existsSync(paths.browsers[browser].root));
}

function writeFile(path: string, text: string, mode: number, io: Io): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { mode });
  chmodSync(path, mode); // an existing file keeps its old mode, and the umask trims a new one's
  io.out(`wrote ${path}\n`);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export const install: Command = {
  async run(args, io) {
    const options = flags('install', args, io);
    if (!options) return 0;
    const paths = installPaths(homedir());
    const browsers = chosenBrowsers(options, paths);
    const chromiumWanted =
      browsers.some((browser) => browser !== 'firefox') || options.userDataDirs.length > 0;
    if (chromiumWanted && options.extensionIds.length === 0) {
      if (options.browsers || options.userDataDirs.length > 0) {
        throw usageError('Chrome and Chromium need --extension-id (shown on chrome://extensions).');
      }
      io.err('broker-sessions: Chrome and Chromium skipped: no --extension-id given.\n');
    }
    const targets: { path: string; manifest: object }[] = [];
    for (const browser of browsers) {
      const { manifest } = paths.browsers[browser];
      if (browser === 'firefox') targets.push({ path: manifest, manifest: firefoxManifest(paths.launcher) });
      else if (options.extensionIds.length > 0) {
        targets.push({ path: manifest, manifest: chromiumManifest(paths.launcher, options.extensionIds) });
      }
    }
    for (const dir of options.userDataDirs) {
      targets.push({
        path: userDataDirManifest(dir),
        manifest: chromiumManifest(paths.launcher, options.extensionIds),
      });
    }
    if (targets.length === 0) {
      throw usageError(
        'Nothing to register: no browser found for this user (name one with --browser), or only Chrome/Chromium and no --extension-id.',
      );
    }
    const hostFile = checkedHostFile(options.hostFile);
    writeFile(paths.launcher, launcherScript(process.execPath, hostFile), 0o755, io);
    for (const target of targets) writeFile(target.path, json(target.manifest), 0o644, io);
    return 0;
  },
};

function remove(path: string, io: Io): void {
  if (!existsSync(path)) return;
  rmSync(path);
  io.out(`removed ${path}\n`);
}

export const uninstall: Command = {
  async run(args, io) {
    const options = flags('uninstall', args, io);
    if (!options) return 0;
    const paths = installPaths(homedir());
    const limited = options.browsers !== undefined || options.userDataDirs.length > 0;
    for (const browser of limited ? (options.browsers ?? []) : BROWSERS)
      remove(paths.browsers[browser].manifest, io);
    for (const dir of options.userDataDirs) remove(userDataDirManifest(dir), io);
    // The launcher goes with the last default manifest that used it.
    if (BROWSERS.every((browser) => !existsSync(paths.browsers[browser].manifest))) {
      remove(paths.launcher, io);
      const folder = dirname(paths.launcher);
      if (existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder);
    }
    return 0;
  },
};
