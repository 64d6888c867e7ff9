import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startSandbox } from '../sandbox/index.ts';
import { launchHarness, type Harness } from '../test/e2e/harness.ts';
import { BENCH_TEST_DIR } from './build-dirs.ts';
import { addTraderEvolution, send, signInThroughPopup } from './extension.ts';
import { FLOOR_MARK, FLOOR_PAGE, writeFloorPage } from './popup-floor.ts';
import { summarize, type Summary } from './stats.ts';

const RUNS = 30;
const RESTARTS = 5;

/**
 * Where the popup's time goes, each from navigation start: the HTML parsed (domInteractive), the
 * page's code started (its script and stylesheet loaded), its storage read back, the list shown.
 */
const PHASES = ['html parsed', 'code starts', 'data read', 'ready'] as const;
type Phases = Partial<Record<(typeof PHASES)[number], number[]>>;

function printPhases(label: string, phases: Phases): void {
  const medians = PHASES.map((phase) => `${phase} ${summarize(phases[phase]!).median} ms`);
  console.log(`  ${label}, medians: ${medians.join(', ')}`);
}

export interface PopupReadyFigures {
  workerRunning: Summary;
  workerStopped: Summary;
  floorWorkerRunning: Summary;
  floorWorkerStopped: Summary;
  /** Median popup-ready over median floor, per worker state. */
  ratioRunning: number;
  ratioStopped: number;
  /** The first popup opened right after each browser start, same profile folder. */
  firstOpenAfterRestart: Summary;
}

/** Navigates `page` to `url` and reads the time of `mark` (and the phase marks) from navigation start. */
async function timeToMark(page: Page, url: string, mark: string, phases?: Phases): Promise<number> {
  await page.goto(url);
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, mark, {
    timeout: 30_000,
  });
  // No named function inside: tsx would wrap it in a helper that the page does not have.
  const marks = await page.evaluate(
    (name) => [
      (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domInteractive,
      performance.getEntriesByName('popup-script')[0]?.startTime ?? NaN,
      performance.getEntriesByName('popup-data')[0]?.startTime ?? NaN,
      performance.getEntriesByName(name)[0]!.startTime,
    ],
    mark,
  );
  if (phases) PHASES.forEach((phase, index) => (phases[phase] ??= []).push(marks[index]!));
  return marks.at(-1)!;
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * From the popup's navigation start to its profile list rendered (the page marks `popup-ready`),
 * alternated with the browser's floor (a blank extension page with one module script), with the
 * worker running and with it stopped; then the first popup after each of several browser
 * restarts on the same profile folder.
 */
export async function measurePopupReady(): Promise<PopupReadyFigures> {
  const extensionDir = process.env.BROKER_SESSIONS_EXTENSION_DIR ?? BENCH_TEST_DIR;
  writeFloorPage(extensionDir);
  const userDataDir = mkdtempSync(join(tmpdir(), 'broker-sessions-bench-popup-'));
  const sandbox = await startSandbox();
  let harness: Harness | undefined;
  try {
    harness = await launchHarness({ userDataDir, sharedSandbox: sandbox });
    const setup = await harness.openPage('options');
    for (const name of ['Desk A', 'Desk B', 'Desk C']) await addTraderEvolution(harness, setup, name);
    const first = await harness.openPage('popup');
    await signInThroughPopup(first, 'Desk A');
    await first.close();

    const popupUrl = harness.pageUrl('popup');
    const floorUrl = `chrome-extension://${harness.extensionId}/${FLOOR_PAGE}`;
    const page = await harness.context.newPage();
    const figures = { running: [] as number[], stopped: [] as number[] };
    const floors = { running: [] as number[], stopped: [] as number[] };
    const runningPhases: Phases = {};
    const stoppedPhases: Phases = {};
    // Warm the browser's caches once, as a popup opened before would have.
    await timeToMark(page, popupUrl, 'popup-ready');
    await timeToMark(page, floorUrl, FLOOR_MARK);
    for (let run = 0; run < RUNS; run += 1) {
      // Which page goes first alternates, so neither always follows the other.
      const order = run % 2 === 0 ? (['floor', 'popup'] as const) : (['popup', 'floor'] as const);
      for (const which of order) {
        await send(setup, 'listSessions'); // the worker is up
        if (which === 'floor') floors.running.push(await timeToMark(page, floorUrl, FLOOR_MARK));
        else figures.running.push(await timeToMark(page, popupUrl, 'popup-ready', runningPhases));
      }
      for (const which of order) {
        await harness.stopWorker();
        if (which === 'floor') floors.stopped.push(await timeToMark(page, floorUrl, FLOOR_MARK));
        else figures.stopped.push(await timeToMark(page, popupUrl, 'popup-ready', stoppedPhases));
      }
    }
    printPhases('popup, worker running', runningPhases);
    printPhases('popup, worker stopped', stoppedPhases);
    await harness.close();
    harness = undefined;

    const firstOpens: number[] = [];
    const firstPhases: Phases = {};
    for (let restart = 0; restart < RESTARTS; restart += 1) {
      harness = await launchHarness({ userDataDir, sharedSandbox: sandbox });
      const popup = await harness.context.newPage();
      firstOpens.push(await timeToMark(popup, harness.pageUrl('popup'), 'popup-ready', firstPhases));
      await harness.close();
      harness = undefined;
    }
    printPhases('first popup after a browser start', firstPhases);

    const workerRunning = summarize(figures.running);
    const workerStopped = summarize(figures.stopped);
    const floorWorkerRunning = summarize(floors.running);
    const floorWorkerStopped = summarize(floors.stopped);
    return {
      workerRunning,
      workerStopped,
      floorWorkerRunning,
      floorWorkerStopped,
      ratioRunning: round(workerRunning.median / floorWorkerRunning.median),
      ratioStopped: round(workerStopped.median / floorWorkerStopped.median),
      firstOpenAfterRestart: summarize(firstOpens),
    };
  } finally {
    await harness?.close();
    await sandbox.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
