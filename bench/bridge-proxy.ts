/**
 * What the bridge's proxy costs a script: an authenticated GET on the sandbox's TraderEvolution
 * API, straight to the API with the token set by the client, against the same GET through
 * `broker-sessions proxy` (the real command, a child process), in alternating rounds so that
 * drift in the machine's load hits both alike.
 *
 * No browser: the session is signed in with the broker code itself (src/brokers), and a fake host
 * (the CLI tests' one) hands the proxy its headers, as the extension would. The load generator and
 * the sandbox share this process; the proxy has its own.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { startSandbox } from '../sandbox/index.ts';
import { traderevolution } from '../src/brokers/traderevolution.ts';
import type { BridgeHeaders } from '../src/shared/bridge-protocol.ts';
import { profileOf, startFakeHost } from '../test/unit/bridge/support/fake-host.ts';
import { summarize, type Summary } from './stats.ts';

const CONCURRENCY = 8;
const ROUND_MS = 5_000;
const ROUNDS = 3;
const WARM_UP_MS = 1_000;
const CLI = resolve(import.meta.dirname, '../src/bridge/cli/main.ts');

export interface BridgeProxyFigures {
  concurrency: number;
  roundMs: number;
  rounds: number;
  directRps: number;
  proxyRps: number;
  /** proxy / direct throughput, same run. */
  ratio: number;
  directLatencyMs: Summary;
  proxyLatencyMs: Summary;
  /**
   * CPU time per request, which the machine's other load does not move as it moves throughput:
   * the proxy process's own, and this process's (load generator + sandbox) in the direct rounds.
   * Linux only (read from /proc).
   */
  proxyCpuUsPerRequest?: number;
  directCpuUsPerRequest: number;
}

interface Round {
  requests: number;
  elapsedMs: number;
  latencies: number[];
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/** A process's user + system CPU time in µs, from /proc (undefined elsewhere). */
function cpuUsOf(pid: number): number | undefined {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
  } catch {
    return undefined;
  }
}

const ownCpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

function get(url: URL, agent: Agent, headers: Record<string, string>): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.once('end', () => done(res.statusCode ?? 0));
      res.once('error', fail);
    });
    req.once('error', fail);
    req.end();
  });
}

/** CONCURRENCY loops of GETs for `ms`; every answer must be a 200. */
async function round(url: URL, headers: Record<string, string>, ms: number): Promise<Round> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + ms;
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < end) {
          const sent = performance.now();
          const status = await get(url, agent, headers);
          if (status !== 200) throw new Error(`${url.href} answered ${status}`);
          latencies.push(performance.now() - sent);
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { requests: latencies.length, elapsedMs: performance.now() - started, latencies };
}

async function startProxy(runDir: string): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'proxy', 'Bench', '--json'], {
    env: { ...process.env, BROKER_SESSIONS_RUNTIME_DIR: runDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout }).once('line', done);
    child.once('exit', (code) => fail(new Error(`the proxy exited (${code}) before it listened`)));
  });
  return {
    url: (JSON.parse(line) as { url: string }).url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

function total(rounds: Round[]) {
  const requests = rounds.reduce((sum, r) => sum + r.requests, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.elapsedMs, 0) / 1000;
  return { requests, rps: requests / seconds, latency: summarize(rounds.flatMap((r) => r.latencies)) };
}

export async function measureBridgeProxy(): Promise<BridgeProxyFigures> {
  const sandbox = await startSandbox();
  const runDir = join(mkdtempSync(join(tmpdir(), 'bs-bench-bridge-')), 'run');
  const apiBaseUrl = sandbox.loopbackUrls.traderevolution;
  const login = await traderevolution.login(
    { broker: 'traderevolution', apiBaseUrl },
    { username: 'te-trader', password: 'te-demo' },
    { fetch, now: Date.now },
  );
  if (login.kind !== 'active') throw new Error(`The sandbox sign-in failed: ${JSON.stringify(login)}`);
  const { accessToken, expiresAt } = login.tokens;
  const session: BridgeHeaders = {
    profile: { id: 'bench', name: 'Bench', broker: 'traderevolution' },
    apiBaseUrl,
    accessToken,
    headers: { Authorization: `Bearer ${accessToken}` },
    expiresAt,
  };
  const host = await startFakeHost({
    dir: runDir,
    profiles: [profileOf(session)],
    headers: () => ({ ok: true, value: session }),
  });
  const proxy = await startProxy(runDir);
  try {
    const direct = { url: new URL(`${apiBaseUrl}/whoami`), headers: session.headers };
    const proxied = { url: new URL('whoami', proxy.url), headers: {} };
    await round(direct.url, direct.headers, WARM_UP_MS);
    await round(proxied.url, proxied.headers, WARM_UP_MS);
    const directRounds: Round[] = [];
    const proxyRounds: Round[] = [];
    let directCpu = 0;
    let proxyCpu: number | undefined = 0;
    for (let i = 0; i < ROUNDS; i += 1) {
      const ownBefore = ownCpuUs();
      directRounds.push(await round(direct.url, direct.headers, ROUND_MS));
      directCpu += ownCpuUs() - ownBefore;
      sandbox.clearRequests(); // the sandbox keeps every request it saw
      const proxyBefore = cpuUsOf(proxy.pid);
      proxyRounds.push(await round(proxied.url, proxied.headers, ROUND_MS));
      const proxyAfter = cpuUsOf(proxy.pid);
      proxyCpu =
        proxyCpu === undefined || proxyBefore === undefined || proxyAfter === undefined
          ? undefined
          : proxyCpu + proxyAfter - proxyBefore;
      sandbox.clearRequests();
    }
    const directTotal = total(directRounds);
    const proxyTotal = total(proxyRounds);
    return {
      concurrency: CONCURRENCY,
      roundMs: ROUND_MS,
      rounds: ROUNDS,
      directRps: Math.round(directTotal.rps),
      proxyRps: Math.round(proxyTotal.rps),
      ratio: Math.round((proxyTotal.rps / directTotal.rps) * 1000) / 1000,
      directLatencyMs: directTotal.latency,
      proxyLatencyMs: proxyTotal.latency,
      ...(proxyCpu === undefined ? {} : { proxyCpuUsPerRequest: Math.round(proxyCpu / proxyTotal.requests) }),
      directCpuUsPerRequest: Math.round(directCpu / directTotal.requests),
    };
  } finally {
    await proxy.stop();
    await host.close();
    await sandbox.close();
    rmSync(join(runDir, '..'), { recursive: true, force: true });
  }
}
