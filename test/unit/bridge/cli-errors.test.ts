// The CLI's failures, run as a child process against a fake host: one line on stderr, an exit
// code per kind, the JSON form with --json, and never a token in any of it.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BridgeErrorCode, BridgeReply } from '../../../src/shared/bridge-protocol.ts';
import { startFakeHost } from './support/fake-host.ts';
import type { FakeHost } from './support/fake-host.ts';
import { TOKEN, sessionHeaders, tempPlace } from './support/fixtures.ts';
import { runCli } from './support/run-ts.ts';

let place: ReturnType<typeof tempPlace>;
const hosts: FakeHost[] = [];
const env = () => ({ BROKER_SESSIONS_RUNTIME_DIR: place.runDir });

beforeEach(() => {
  place = tempPlace('bs-cli-err-');
});
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
  place.remove();
});

async function host(options: Partial<Parameters<typeof startFakeHost>[0]> = {}): Promise<FakeHost> {
  const started = await startFakeHost({ dir: place.runDir, ...options });
  hosts.push(started);
  return started;
}

/** A socket file left by a host killed with SIGKILL: connecting to it is refused. */
async function staleSocket(path: string): Promise<void> {
  const script = `require('node:net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
}

const NO_BRIDGE =
  "broker-sessions: No browser answered. Is it running, with “Let local programs use my sessions” turned on in Broker Sessions' options?\n";

describe('CLI errors', () => {
  it('maps every error of the extension to its exit code, with its message and code', async () => {
    const cases: [BridgeErrorCode, number][] = [
      ['unknown-profile', 4],
      ['ambiguous-profile', 4],
      ['signed-out', 5],
      ['expired', 5],
      ['not-ready', 5],
      ['rejected', 6],
      ['denied', 7],
      ['consent-timeout', 7],
      ['bridge-off', 8],
      ['forbidden', 8],
      ['invalid', 1],
      ['internal', 1],
    ];
    await host({
      headers: (request) => ({
        ok: false,
        error: {
          code: request.profile as BridgeErrorCode,
          message: `Refused for ${request.profile}.\nSecond line`,
        },
      }),
    });
    const runs = await Promise.all(cases.map(([code]) => runCli(['token', code, '--json'], env())));
    cases.forEach(([code, exit], i) => {
      const run = runs[i]!;
      expect({ code, exit: run.code }).toEqual({ code, exit });
      // One line, control characters flattened.
      expect(run.stderr).toBe(`broker-sessions: Refused for ${code}. Second line (${code})\n`);
      expect(JSON.parse(run.stdout)).toEqual({
        error: { code, message: `Refused for ${code}. Second line` },
      });
    });
  });

  it('says no browser answered (3) without a directory, an empty one, or only stale sockets', async () => {
    const missing = await runCli(['token', 'TE demo'], env());
    expect([missing.code, missing.stderr, missing.stdout]).toEqual([3, NO_BRIDGE, '']);

    mkdirSync(place.runDir, { mode: 0o700 });
    writeFileSync(join(place.runDir, 'host-1.sock'), ''); // not a socket
    await staleSocket(join(place.runDir, 'host-2.sock'));
    expect(existsSync(join(place.runDir, 'host-2.sock'))).toBe(true);
    const stale = await runCli(['header', 'TE demo', '--json'], env());
    expect(stale.code).toBe(3);
    expect(stale.stderr).toBe(NO_BRIDGE);
    expect(JSON.parse(stale.stdout)).toMatchObject({ error: { code: 'no-bridge' } });
  });

  it('refuses a runtime directory open to others, with a clear message (1)', async () => {
    mkdirSync(place.runDir);
    chmodSync(place.runDir, 0o755);
    const run = await runCli(['list'], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `broker-sessions: ${place.runDir} has mode 0755, not 0700: refusing to use it. Remove it; the browser recreates it.\n`,
    );
  });

  it('answers usage errors with 2 and the usage on stderr', async () => {
    const cases: [string[], RegExp][] = [
      [[], /which command\?/],
      [['frobnicate'], /unknown command: frobnicate/],
      [['token'], /Which profile\?[\s\S]*usage: broker-sessions token <profile>/],
      [['token', 'a', 'b'], /Unexpected argument: b/],
      [['header', 'a', '--nope'], /Unknown option '--nope'/],
      [['exec', 'a'], /Which command\? Put it after `--`/],
      [['proxy', 'a', '--host', '0.0.0.0'], /loopback only/],
      [['proxy', 'a', '--port', '99999'], /Not a port: 99999/],
      [['install', '--extension-id', 'ABC'], /Not an extension id/],
      [['install', '--browser', 'safari'], /Unknown browser: safari/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args, env())));
    cases.forEach(([args, pattern], i) => {
      expect({ args, code: runs[i]!.code }).toEqual({ args, code: 2 });
      expect(runs[i]!.stderr).toMatch(pattern);
      expect(runs[i]!.stdout).toBe('');
    });
  });

  it('refuses an answer it does not understand (1), and never prints the token', async () => {
    const garbled = { ok: true, value: { accessToken: TOKEN, headers: 'nope' } } as unknown as BridgeReply;
    await host({ headers: () => garbled });
    const run = await runCli(['token', 'TE demo', '--json'], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'broker-sessions: The extension answered something this command does not understand.\n',
    );
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('asks the browser that has the profile when several answer', async () => {
    const withIt = sessionHeaders();
    await host({
      browser: 'firefox',
      profiles: [{ ...withIt.profile, apiBaseUrl: withIt.apiBaseUrl, state: 'active' }],
      headers: (request) =>
        ['TE demo', 'p-1'].includes(request.profile)
          ? { ok: true, value: withIt }
          : { ok: false, error: { code: 'unknown-profile', message: 'No such profile.' } },
    });
    const other = await host({ browser: 'chrome', profiles: [] }); // newer, but without the profile
    const byName = await runCli(['token', 'TE demo'], env());
    expect([byName.code, byName.stdout]).toEqual([0, `${TOKEN}\n`]);
    const byId = await runCli(['token', 'p-1'], env());
    expect(byId.stdout).toBe(`${TOKEN}\n`);
    expect(other.requests.every((request) => request.type === 'list')).toBe(true);
    const nowhere = await runCli(['token', 'nobody'], env());
    expect([nowhere.code, nowhere.stderr]).toEqual([
      4,
      'broker-sessions: No such profile. (unknown-profile)\n',
    ]);
  });
});
