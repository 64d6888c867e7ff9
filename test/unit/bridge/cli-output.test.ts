// What the CLI prints and runs on success, as a child process against a fake host.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timeLeft } from '../../../src/bridge/cli/commands/list.ts';
import { programInfo } from '../../../src/bridge/cli/program-info.ts';
import type { BridgeProfile } from '../../../src/shared/bridge-protocol.ts';
import { profileOf, startFakeHost } from './support/fake-host.ts';
import type { FakeHost, HeadersRequest } from './support/fake-host.ts';
import { TOKEN, sessionHeaders, tempPlace } from './support/fixtures.ts';
import { CLI_ENTRY, ROOT, runCli } from './support/run-ts.ts';

const session = sessionHeaders(TOKEN, 'https://api.etna.test/api', { 'Et-App-Key': 'demo-app-key' });
const profiles: BridgeProfile[] = [
  profileOf(session),
  { id: 'p-2', name: 'Volven', broker: 'volven', apiBaseUrl: 'https://v.test', state: 'signed-out' },
];
let place: ReturnType<typeof tempPlace>;
let host: FakeHost;
const env = () => ({ BROKER_SESSIONS_RUNTIME_DIR: place.runDir });

beforeAll(async () => {
  place = tempPlace('bs-cli-out-');
  host = await startFakeHost({
    dir: place.runDir,
    profiles,
    headers: (request) =>
      request.profile === 'TE demo'
        ? { ok: true, value: session }
        : { ok: false, error: { code: 'signed-out', message: 'Volven is signed out.' } },
  });
});
afterAll(async () => {
  await host.close();
  place.remove();
});

describe('token and header', () => {
  it('prints the token and a newline, and reports who asks', async () => {
    const run = await runCli(['token', 'TE demo'], env());
    expect([run.code, run.stdout, run.stderr]).toEqual([0, `${TOKEN}\n`, '']);
    const request = host.requests.at(-1) as HeadersRequest;
    expect(request).toEqual({
      type: 'headers',
      profile: 'TE demo',
      program: { command: 'broker-sessions token TE demo', parent: expect.stringContaining('node') },
    });
  });

  it('--json gives token, headers, apiBaseUrl, expiresAt and profile', async () => {
    const run = await runCli(['token', 'TE demo', '--json'], env());
    expect(JSON.parse(run.stdout)).toEqual({
      token: TOKEN,
      headers: session.headers,
      apiBaseUrl: session.apiBaseUrl,
      expiresAt: session.expiresAt,
      profile: session.profile,
    });
  });

  it('prints the header lines', async () => {
    const run = await runCli(['header', 'TE demo'], env());
    expect(run.stdout).toBe(`Authorization: Bearer ${TOKEN}\nEt-App-Key: demo-app-key\n`);
  });

  it('--help describes the command, on stdout, exit 0', async () => {
    const run = await runCli(['header', '--help'], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: broker-sessions header <profile> \[--json\]/);
  });
});

describe('program info', () => {
  it('caps the command at 300 characters and reads the parent from /proc', () => {
    const info = programInfo(['token', 'x'.repeat(400)]);
    expect(info.command).toHaveLength(300);
    expect(info.command.startsWith('broker-sessions token xxx')).toBe(true);
    expect(info.parent).toContain(process.argv0.split('/').pop());
    expect(programInfo(['list'], process.ppid, 'darwin')).toEqual({ command: 'broker-sessions list' });
    expect(programInfo(['list'], 2 ** 30)).toEqual({ command: 'broker-sessions list' }); // no such process
  });
});

describe('list', () => {
  it('prints name, broker, state, time left and id, never a token', async () => {
    const run = await runCli(['list'], env());
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+BROKER\s+STATE\s+TIME LEFT\s+ID$/);
    expect(lines[1]).toMatch(/^TE demo\s+traderevolution\s+active\s+(59m \d\ds|1h 00m)\s+p-1$/);
    expect(lines[2]).toMatch(/^Volven\s+volven\s+signed-out\s+—\s+p-2$/);
    expect(run.stdout).not.toContain(TOKEN);
    const json = await runCli(['list', '--json'], env());
    expect(JSON.parse(json.stdout)).toEqual(profiles.map((profile) => ({ ...profile, browser: 'chrome' })));
  });

  it('says how long is left', () => {
    expect(timeLeft(undefined, 0)).toBe('—');
    expect(timeLeft(5_000, 0)).toBe('5s');
    expect(timeLeft(250_000, 0)).toBe('4m 10s');
    expect(timeLeft(3_900_000, 0)).toBe('1h 05m');
    expect(timeLeft(0, 1)).toBe('ended');
  });
});

describe('exec', () => {
  const script = (body: string) => {
    const file = join(place.base, `child-${Math.random().toString(36).slice(2)}.mjs`);
    writeFileSync(file, body);
    return file;
  };

  it('passes the session in the environment and exits with the command’s code', async () => {
    const child = script(`
      const keys = ['BROKER_API_BASE', 'BROKER_TOKEN', 'BROKER_AUTH_HEADER', 'BROKER_HEADERS_JSON'];
      console.log(JSON.stringify(Object.fromEntries(keys.map((k) => [k, process.env[k]]))));
      process.exit(42);`);
    const run = await runCli(['exec', 'TE demo', '--', process.execPath, child], env());
    expect(run.code).toBe(42);
    expect(JSON.parse(run.stdout)).toEqual({
      BROKER_API_BASE: 'https://api.etna.test/api',
      BROKER_TOKEN: TOKEN,
      BROKER_AUTH_HEADER: `Bearer ${TOKEN}`,
      BROKER_HEADERS_JSON: JSON.stringify(session.headers),
    });
  });

  it('passes arguments as given, with no shell, and works without `--` for a plain command', async () => {
    const child = script('console.log(JSON.stringify(process.argv.slice(2)))');
    const run = await runCli(
      ['exec', 'TE demo', '--', process.execPath, child, '$HOME', 'a b', '--json'],
      env(),
    );
    expect(JSON.parse(run.stdout)).toEqual(['$HOME', 'a b', '--json']);
    const plain = await runCli(['exec', 'TE demo', process.execPath, child, 'x'], env());
    expect(JSON.parse(plain.stdout)).toEqual(['x']);
  });

  it('exits 128 + the signal’s number when a signal ends the command', async () => {
    const child = script(`process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 10_000);`);
    const run = await runCli(['exec', 'TE demo', '--', process.execPath, child], env());
    expect(run.code).toBe(143);
  });

  it('passes SIGTERM on to the command', async () => {
    const child = script(`
      process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(7); });
      console.log('ready'); setTimeout(() => {}, 10_000);`);
    const cli = spawn(process.execPath, [CLI_ENTRY, 'exec', 'TE demo', '--', process.execPath, child], {
      cwd: ROOT,
      env: { ...process.env, ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    cli.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready')) cli.kill('SIGTERM');
    });
    const code = await new Promise((resolve) => cli.once('close', resolve));
    expect(stdout).toContain('got SIGTERM');
    expect(code).toBe(7);
  });

  it('says so when the command cannot be found (127), and fails before running it when the session does', async () => {
    const missing = await runCli(['exec', 'TE demo', '--', 'no-such-command-here'], env());
    expect([missing.code, missing.stderr]).toEqual([
      127,
      'broker-sessions: command not found: no-such-command-here\n',
    ]);
    const signedOut = await runCli(['exec', 'Volven', '--', 'true'], env());
    expect([signedOut.code, signedOut.stderr]).toEqual([
      5,
      'broker-sessions: Volven is signed out. (signed-out)\n',
    ]);
    expect(missing.stdout + missing.stderr + signedOut.stdout + signedOut.stderr).not.toContain(TOKEN);
  });
});
