import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../../..');
/**
 * The programs as they ship: dist-cli/, which build-cli.ts (the unit project's global setup)
 * builds from src/bridge/ before any test runs. Node starts a built file in ≈ 50 ms, against
 * ≈ 1 s through tsx's loader, and these tests start dozens.
 */
export const HOST_ENTRY = resolve(ROOT, 'dist-cli/native-host.mjs');
export const CLI_ENTRY = resolve(ROOT, 'dist-cli/broker-sessions.mjs');

export function spawnTs(entry: string, args: string[], options: SpawnOptions): ChildProcess {
  return spawn(process.execPath, [entry, ...args], { cwd: ROOT, ...options });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export const exited = (child: ChildProcess): Promise<Exit> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
    } else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

export interface CliRun extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs the CLI from its source to its end. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const child = spawnTs(CLI_ENTRY, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': the output is complete only once the pipes are.
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('close', (c, s) => resolve([c, s])),
  );
  return { code, signal, stdout, stderr };
}
