import { launchHarness } from '../test/e2e/harness.ts';
import { pause, signedInApiTab } from './extension.ts';
import { summarize, type Summary } from './stats.ts';

const RUNS = 6;
const TOKEN_LIFETIME_SEC = 10;

/**
 * From the refresh alarm's scheduled time to the sandbox first seeing the new token on an API
 * request, with the worker stopped beforehand (so the alarm has to wake it). An API tab polls
 * `whoami` every few milliseconds to see the token the moment the rule carries it. Split into
 * alarm → refresh request (waking and dispatch) and refresh request → first use of the new token
 * (the sandbox's own answer plus the rule swap).
 */
export async function measureRefreshLatency(): Promise<{
  alarmToNewTokenMs: Summary;
  alarmToRefreshRequestMs: Summary;
  refreshRequestToNewTokenMs: Summary;
}> {
  const harness = await launchHarness({
    sandbox: { config: { accessTokenLifetimeSec: TOKEN_LIFETIME_SEC } },
  });
  try {
    const { profileId, apiTab, base } = await signedInApiTab(harness, 'Refresh latency');
    // A string, not a function: the runner's transpiler would wrap a named function in a helper
    // the page does not have.
    await apiTab.evaluate(
      `(function poll() { fetch(${JSON.stringify(`${base}/whoami?via=poll`)}).finally(() => setTimeout(poll, 2)); })()`,
    );

    const toNew: number[] = [];
    const toRequest: number[] = [];
    const requestToNew: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const worker = await harness.worker();
      const alarm = (await worker.evaluate(() => chrome.alarms.getAll())).find(
        (candidate) => candidate.name === `refresh:${profileId}`,
      );
      if (!alarm) throw new Error('No refresh alarm is set.');
      const oldToken = harness.sandbox
        .issuedTokens({ broker: 'traderevolution', kind: 'access' })
        .at(-1)!.token;
      await harness.stopWorker();
      let firstUse: number | undefined;
      while (!firstUse) {
        await pause(20);
        const latest = harness.sandbox
          .issuedTokens({ broker: 'traderevolution', kind: 'access' })
          .at(-1)!.token;
        if (latest === oldToken) continue;
        firstUse = harness.sandbox
          .requests({ broker: 'traderevolution', path: 'via=poll' })
          .find((request) => request.headers.authorization === `Bearer ${latest}`)?.at;
      }
      const refreshAt = harness.sandbox
        .requests({ broker: 'traderevolution' })
        .filter((request) => request.path.includes('/refresh') && request.at >= alarm.scheduledTime - 1000)
        .at(0)!.at;
      toNew.push(firstUse - alarm.scheduledTime);
      toRequest.push(refreshAt - alarm.scheduledTime);
      requestToNew.push(firstUse - refreshAt);
      await pause(500);
    }
    return {
      alarmToNewTokenMs: summarize(toNew),
      alarmToRefreshRequestMs: summarize(toRequest),
      refreshRequestToNewTokenMs: summarize(requestToNew),
    };
  } finally {
    await harness.close();
  }
}
