/**
 * The `broker-sessions` command as a script runs it: the built file (npm run build:cli), a child
 * process with its own environment (the runtime folder the browser's host listens in).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const CLI = resolve(import.meta.dirname, '../../../dist-cli/broker-sessions.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function assertCliBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build:cli\` first.`);
}

/** Runs the command to its end (a consent window may be answered meanwhile). */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 150_000): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill();
      fail(new Error(`broker-sessions ${args.join(' ')} did not end in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** The JSON error a failing command prints with --json. */
export function jsonError(run: CliRun): { code: string; message: string } {
  return (JSON.parse(run.stdout) as { error: { code: string; message: string } }).error;
}

/** Starts `broker-sessions proxy <profile> --json` and resolves with its URL once it listens. */
export async function startProxy(
  profile: string,
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, 'proxy', profile, '--json'], {
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((done, fail) => {
    lines.once('line', (line) => done((JSON.parse(line) as { url: string }).url));
    child.once('close', (code) => fail(new Error(`the proxy ended (${code}) before it listened: ${stderr}`)));
  });
  return { url: url.replace(/\/$/, ''), child, stderr: () => stderr };
}
