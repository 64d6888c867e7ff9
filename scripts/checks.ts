/**
 * `npm test`'s steps before the end-to-end tests, in two lanes side by side: the CI machine has
 * two cores, and one lane alone leaves the second mostly idle (tsc is single-threaded, the unit
 * tests wait on their sockets and timers). The steps of a lane run in order, the builds too (the
 * Firefox lint reads what the Firefox build wrote). No step reads what the other lane writes:
 * builds write dist*, which tsc, ESLint, Prettier and the unit tests leave alone.
 *
 * A step's output is printed whole once it ends, so the two lanes never interleave their lines.
 * After a failure no new step starts; the exit code is the first failure's.
 */
import { spawn } from 'node:child_process';

const LANES: string[][] = [
  ['test:unit', 'build', 'build:test', 'build:firefox', 'lint:firefox', 'build:firefox-test', 'build:cli'],
  ['typecheck', 'lint'],
];

let failed: { step: string; code: number } | undefined;

function runStep(step: string): Promise<number> {
  const started = Date.now();
  return new Promise((done) => {
    // Piped, the tools would drop their colours: keep them when a person is watching.
    const env = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env;
    const child = spawn('npm', ['run', step], { env });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`${String(error)}\n`)));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(Buffer.concat(chunks));
      process.stdout.write(`\n── ${step}: ${code === 0 ? 'passed' : `failed (${code})`} in ${seconds} s\n\n`);
      done(code ?? 1);
    });
  });
}

async function runLane(steps: string[]): Promise<void> {
  for (const step of steps) {
    if (failed) return;
    const code = await runStep(step);
    if (code !== 0) failed ??= { step, code };
  }
}

const started = Date.now();
await Promise.all(LANES.map(runLane));
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failed) {
  process.stdout.write(`Checks failed at ${failed.step} after ${seconds} s.\n`);
  process.exit(failed.code);
}
process.stdout.write(`All checks passed in ${seconds} s.\n`);
