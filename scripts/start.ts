/**
 * `npm start`: builds the extension, starts the broker sandbox, and opens Chromium with the
 * extension loaded and a fresh profile. Where there is no display it says so and keeps the
 * sandbox running for a browser elsewhere. Ctrl-C ends everything it started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_PORTS, startSandbox } from '../sandbox/index.ts';
import { describeSandbox } from '../sandbox/describe.ts';
import { chromiumArgs, chromiumPath } from '../test/e2e/chromium.ts';

const root = resolve(import.meta.dirname, '..');
const build = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const sandbox = await startSandbox({ ports: DEFAULT_PORTS, log: (line) => console.log(line) });
console.log(describeSandbox(sandbox));

const dist = join(root, 'dist');
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
let browser: ChildProcess | undefined;
const profileDir = mkdtempSync(join(tmpdir(), 'broker-sessions-start-'));

if (hasDisplay) {
  const args = chromiumArgs(dist).filter((arg) => arg !== '--headless=new');
  browser = spawn(chromiumPath(), [...args, `--user-data-dir=${profileDir}`, 'chrome://extensions'], {
    stdio: 'ignore',
  });
  browser.on('exit', () => void shutdown());
  console.log('\nChromium is open with Broker Sessions loaded. Add a profile in its options page.');
} else {
  console.log(
    [
      '',
      'No display here, so no browser window was opened. To try it elsewhere:',
      `  1. Load ${dist} unpacked at chrome://extensions (Developer mode → Load unpacked).`,
      "  2. Start that Chromium with --host-resolver-rules='MAP *.test 127.0.0.1' so the sandbox names resolve.",
      "  3. Add a profile in the extension's options page with one of the base URLs above.",
      'The sandbox keeps running until Ctrl-C.',
    ].join('\n'),
  );
}

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  browser?.kill();
  await sandbox.close();
  rmSync(profileDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
