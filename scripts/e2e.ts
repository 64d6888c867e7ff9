/**
 * `npm run test:e2e`: the end-to-end tests in two lanes side by side.
 * - `e2e`: every file but the token bridge's, one at a time (one browser at a time on two cores).
 * - `e2e-bridge`: the token bridge's file. After its first ≈ 15 s (sign-ins, consent windows) it
 *   mostly waits: its proxy carries a script's requests through renewals of 10-second tokens for
 *   60 s, a request every 100 ms and a renewal every few seconds. Run after the others it added
 *   ≈ 70 s to a CI run that must stay under 12 minutes; beside them it costs about its first 15 s.
 * The first lane's output is shown as it comes; the second's, whole, when it ends (no interleaved
 * lines). The exit code is the first failure's. Arguments (file filters, -t) go to both lanes.
 */
import { spawn } from 'node:child_process';

const extra = process.argv.slice(2);

function runLane(project: string, live: boolean): Promise<number> {
  return new Promise((done) => {
    const child = spawn('npx', ['vitest', 'run', '--project', project, '--passWithNoTests', ...extra], {
      stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: process.stdout.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env,
    });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`${String(error)}\n`)));
    child.on('close', (code) => {
      if (!live) process.stdout.write(Buffer.concat(chunks));
      process.stdout.write(`\n── ${project}: ${code === 0 ? 'passed' : `failed (${code})`}\n\n`);
      done(code ?? 1);
    });
  });
}

const codes = await Promise.all([runLane('e2e', true), runLane('e2e-bridge', false)]);
process.exit(codes.find((code) => code !== 0) ?? 0);
