import { launchHarness } from '../test/e2e/harness.ts';
import { addTraderEvolution, send, signInThroughPopup } from './extension.ts';
import { summarize, type Summary } from './stats.ts';

const RUNS = 30;

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
    const readyAt = async () => {
      await page.goto(harness.pageUrl('popup'));
      await page.waitForFunction(() => performance.getEntriesByName('popup-ready').length > 0);
      return page.evaluate(() => performance.getEntriesByName('popup-ready')[0]!.startTime);
    };
    const running: number[] = [];
    const stopped: number[] = [];
    await readyAt(); // warm the browser's caches once, as a popup opened before would have
    for (let run = 0; run < RUNS; run += 1) {
      await send(setup, 'listSessions'); // the worker is up
      running.push(await readyAt());
      await harness.stopWorker();
      stopped.push(await readyAt());
    }
    return { workerRunning: summarize(running), workerStopped: summarize(stopped) };
  } finally {
    await harness.close();
  }
}
