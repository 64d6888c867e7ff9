/**
 * `npm start`: builds the extension, starts the broker sandbox, and opens Chromium with the
 * extension and one demo profile per broker. Where there is no display it says so and runs a
 * headless tour instead: it signs in to all three brokers and saves screenshots. Ctrl-C ends
 * every process it started.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { describeSandbox } from '../sandbox/describe.ts';
import { DEFAULT_PORTS, startSandbox } from '../sandbox/index.ts';
import { chromiumArgs, chromiumPath } from '../test/e2e/chromium.ts';
import { printWelcome } from './start/banner.ts';
import { demoProfiles, saveDemoProfiles } from './start/demo-profiles.ts';
import { runTour } from './start/tour.ts';

const root = resolve(import.meta.dirname, '..');
// The demo build grants the sandbox's *.test hosts up front, so no permission prompt interrupts.
const extensionDir = join(root, 'dist-demo');
const tourDir = join(root, 'artifacts', 'tour');
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

const build = spawnSync('npx', ['vite', 'build', '--mode', 'test', '--outDir', extensionDir], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) process.exit(build.status ?? 1);

const sandbox = await startSandbox({ ports: DEFAULT_PORTS }).catch((error: unknown) => {
  console.error(`Cannot start the sandbox: ${error instanceof Error ? error.message : String(error)}`);
  console.error('Is another `npm start` or `npm run sandbox` running? Stop it and try again.');
  process.exit(1);
});
console.log(describeSandbox(sandbox).split('\n\nControl endpoints')[0]);

const profileDir = mkdtempSync(join(tmpdir(), 'broker-sessions-start-'));
let context: BrowserContext | undefined;
let closing = false;
async function shutdown(code = 0): Promise<never> {
  if (!closing) {
    closing = true;
    await context?.close().catch(() => undefined);
    await sandbox.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

try {
  const args = chromiumArgs(extensionDir).filter((arg) => hasDisplay === false || arg !== '--headless=new');
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: !hasDisplay,
    viewport: hasDisplay ? null : { width: 1024, height: 720 },
    args,
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionUrl = (page: string) =>
    `chrome-extension://${new URL(worker.url()).host}/src/${page}/index.html`;
  const profiles = demoProfiles(sandbox);
  const options = context.pages()[0] ?? (await context.newPage());
  await options.goto(extensionUrl('options'));
  await saveDemoProfiles(options, profiles);
  await printWelcome(
    sandbox,
    profiles.map((profile) => profile.draft.name),
  );

  if (hasDisplay) {
    const popup = await context.newPage();
    await popup.goto(extensionUrl('popup'));
    console.log(
      'Chromium is open with Broker Sessions and the demo profiles. Close it or press Ctrl-C to stop.',
    );
    context.on('close', () => void shutdown());
  } else {
    console.log('No display here, so no browser window can open. Running a headless tour instead:');
    const files = await runTour(context, extensionUrl('popup'), profiles, sandbox, tourDir);
    console.log(
      `\nScreenshots of the tour:\n${files.map((file) => `    ${relative(root, file)}`).join('\n')}`,
    );
    console.log(
      '\nTo try it yourself, run `npm start` where there is a display, or `npm run sandbox` and load',
    );
    console.log(
      `${relative(root, extensionDir)}/ unpacked in a Chromium started with --host-resolver-rules="MAP *.test 127.0.0.1".`,
    );
    await shutdown();
  }
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}
