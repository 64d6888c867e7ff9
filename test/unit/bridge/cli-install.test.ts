// `install` and `uninstall` into a temporary HOME and user-data-dir.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BRIDGE_HOST_NAME, FIREFOX_EXTENSION_ID } from '../../../src/shared/bridge-protocol.ts';
import { tempPlace } from './support/fixtures.ts';
import { runCli } from './support/run-ts.ts';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ID2 = 'ponmlkjihgfedcbaponmlkjihgfedcba';

let place: ReturnType<typeof tempPlace>;
let home: string;
let hostFile: string;
const env = () => ({ HOME: home });
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

const paths = () => ({
  launcher: join(home, '.local/share/broker-sessions/native-host'),
  chrome: join(home, '.config/google-chrome/NativeMessagingHosts', `${BRIDGE_HOST_NAME}.json`),
  chromium: join(home, '.config/chromium/NativeMessagingHosts', `${BRIDGE_HOST_NAME}.json`),
  firefox: join(home, '.mozilla/native-messaging-hosts', `${BRIDGE_HOST_NAME}.json`),
});

beforeEach(() => {
  place = tempPlace('bs-install-');
  // A space and a quote in the paths: the launcher must quote them.
  home = join(place.base, "my home's");
  mkdirSync(home);
  hostFile = join(place.base, 'host dir', 'native-host.mjs');
  mkdirSync(join(place.base, 'host dir'));
  writeFileSync(hostFile, 'console.log(JSON.stringify(process.argv.slice(2)));\n');
});
afterEach(() => place.remove());

describe.runIf(process.platform === 'linux')('install', () => {
  it('writes the launcher and a manifest per browser and user-data-dir, and prints each file', async () => {
    const userDataDir = join(place.base, 'profile');
    const run = await runCli(
      [
        'install',
        '--extension-id',
        ID,
        '--extension-id',
        ID2,
        '--browser',
        'chromium',
        '--browser',
        'firefox',
        '--user-data-dir',
        userDataDir,
        '--host-file',
        hostFile,
      ],
      env(),
    );
    expect(run.code, run.stderr).toBe(0);
    const p = paths();
    const inDir = join(userDataDir, 'NativeMessagingHosts', `${BRIDGE_HOST_NAME}.json`);
    expect(run.stdout).toBe(
      [p.launcher, p.chromium, p.firefox, inDir].map((file) => `wrote ${file}\n`).join(''),
    );
    expect(existsSync(p.chrome)).toBe(false);

    expect(statSync(p.launcher).mode & 0o777).toBe(0o755);
    const launcher = readFileSync(p.launcher, 'utf8');
    expect(launcher.startsWith('#!/bin/sh\n')).toBe(true);
    expect(launcher).toContain(`exec '${process.execPath}' '${hostFile}' "$@"`);
    // It runs: node with the host file and the browser's arguments.
    expect(
      JSON.parse(execFileSync(p.launcher, ['chrome-extension://x/', "it's"], { encoding: 'utf8' })),
    ).toEqual(['chrome-extension://x/', "it's"]);

    const chromium = {
      name: BRIDGE_HOST_NAME,
      description: expect.stringContaining('Broker Sessions'),
      path: p.launcher,
      type: 'stdio',
      allowed_origins: [`chrome-extension://${ID}/`, `chrome-extension://${ID2}/`],
    };
    expect(read(p.chromium)).toEqual(chromium);
    expect(read(inDir)).toEqual(chromium);
    expect(read(p.firefox)).toEqual({
      name: BRIDGE_HOST_NAME,
      description: expect.any(String),
      path: p.launcher,
      type: 'stdio',
      allowed_extensions: [FIREFOX_EXTENSION_ID],
    });
    expect(statSync(p.firefox).mode & 0o777).toBe(0o644);
  });

  it('without --browser: the browsers installed for this user; Chrome only with an extension id', async () => {
    mkdirSync(join(home, '.config/google-chrome'), { recursive: true });
    mkdirSync(join(home, '.mozilla'));
    const run = await runCli(['install', '--host-file', hostFile], env());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('broker-sessions: Chrome and Chromium skipped: no --extension-id given.\n');
    const p = paths();
    expect([existsSync(p.firefox), existsSync(p.chrome), existsSync(p.chromium)]).toEqual([
      true,
      false,
      false,
    ]);

    const withId = await runCli(['install', '--extension-id', ID, '--host-file', hostFile], env());
    expect(withId.code, withId.stderr).toBe(0);
    expect([existsSync(p.chrome), existsSync(p.chromium)]).toEqual([true, false]);
  });

  it('checks extension ids and what a Chromium manifest needs (usage, 2)', async () => {
    for (const bad of [
      'ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP',
      'abcdefghijklmnopabcdefghijklmno',
      'qbcdefghijklmnopabcdefghijklmnop',
    ]) {
      const run = await runCli(['install', '--extension-id', bad, '--host-file', hostFile], env());
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`Not an extension id (32 letters a–p): ${bad}`);
    }
    const noId = await runCli(['install', '--user-data-dir', place.base, '--host-file', hostFile], env());
    expect([noId.code, noId.stderr.split('\n')[0]]).toEqual([
      2,
      'broker-sessions: Chrome and Chromium need --extension-id (shown on chrome://extensions).',
    ]);
    const nothing = await runCli(['install', '--host-file', hostFile], env());
    expect(nothing.code).toBe(2);
    expect(existsSync(paths().launcher)).toBe(false);
  });

  it('says when the host file is missing', async () => {
    const run = await runCli(
      ['install', '--browser', 'firefox', '--host-file', join(place.base, 'nope.mjs')],
      env(),
    );
    expect([run.code, run.stderr]).toEqual([
      1,
      `broker-sessions: No such host file: ${join(place.base, 'nope.mjs')}\n`,
    ]);
  });
});

describe.runIf(process.platform === 'linux')('uninstall', () => {
  it('removes the manifests, and the launcher with the last of them', async () => {
    const userDataDir = join(place.base, 'profile');
    const installed = await runCli(
      [
        'install',
        '--extension-id',
        ID,
        '--browser',
        'chrome',
        '--browser',
        'firefox',
        '--user-data-dir',
        userDataDir,
        '--host-file',
        hostFile,
      ],
      env(),
    );
    expect(installed.code, installed.stderr).toBe(0);
    const p = paths();

    const firefoxOnly = await runCli(['uninstall', '--browser', 'firefox'], env());
    expect(firefoxOnly.stdout).toBe(`removed ${p.firefox}\n`);
    expect(existsSync(p.launcher)).toBe(true); // Chrome's manifest still uses it

    const rest = await runCli(['uninstall', '--user-data-dir', userDataDir, '--browser', 'chrome'], env());
    expect(rest.stdout).toBe(
      [p.chrome, join(userDataDir, 'NativeMessagingHosts', `${BRIDGE_HOST_NAME}.json`), p.launcher]
        .map((file) => `removed ${file}\n`)
        .join(''),
    );
    expect(existsSync(join(home, '.local/share/broker-sessions'))).toBe(false);
    const again = await runCli(['uninstall'], env());
    expect([again.code, again.stdout]).toEqual([0, '']);
  });
});
