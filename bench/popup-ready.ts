import { launchHarness } from '../test/e2e/harness.ts';
import { addTraderEvolution, send, signInThroughPopup } from './extension.ts';
import { summarize, type Summary } from './stats.ts';

const RUNS = 30;

/**
 * Where the time goes, each from navigation start: the HTML parsed (domInteractive), the page's
 * code started (its modules and stylesheets loaded), the worker's answer arrived, the list shown.
 */
const PHASES = ['html parsed', 'code starts', 'answer arrives', 'ready'] as const;
type Phases = Partial<Record<(typeof PHASES)[number], number[]>>;

function printPhases(label: string, phases: Phases): void {
  const medians = PHASES.map((phase) => `${phase} ${summarize(phases[phase]!).median} ms`);
  console.log(`  ${label}, medians: ${medians.join(', ')}`);
}

/**
 * From the popup's navigation start to its profile list rendered with the worker's live state
 * (the page marks `popup-ready`), with the worker already running and with it stopped first.
 */
export async function measurePopupReady(): Promise<{ workerRunning: Summary; workerStopped: Summary }> {
  const harness = await launchHarness();
  try {
    const setup = await harness.openPage('options');
    for (const name of ['Desk A', 'Desk B', 'Desk C']) await addTraderEvolution(harness, setup, name);
    const first = await harness.openPage('popup');
    await signInThroughPopup(first, 'Desk A');
    await first.close();

    const page = await harness.context.newPage();
    const readyAt = async (phases: Phases) => {
      await page.goto(harness.pageUrl('popup'));
      await page.waitForFunction(() => performance.getEntriesByName('popup-ready').length > 0);
      // No named function inside: tsx would wrap it in a helper that the page does not have.
      const marks = await page.evaluate(() => [
        (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domInteractive,
        ...['popup-script', 'popup-answer', 'popup-ready'].map(
          (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN,
        ),
      ]);
      PHASES.forEach((phase, index) => (phases[phase] ??= []).push(marks[index]!));
      return marks.at(-1)!;
    };
    const running: number[] = [];
    const stopped: number[] = [];
    const runningPhases: Phases = {};
    const stoppedPhases: Phases = {};
    await readyAt({}); // warm the browser's caches once, as a popup opened before would have
    for (let run = 0; run < RUNS; run += 1) {
      await send(setup, 'listSessions'); // the worker is up
      running.push(await readyAt(runningPhases));
      await harness.stopWorker();
      stopped.push(await readyAt(stoppedPhases));
    }
    printPhases('worker running', runningPhases);
    printPhases('worker stopped', stoppedPhases);
    return { workerRunning: summarize(running), workerStopped: summarize(stopped) };
  } finally {
    await harness.close();
  }
}
