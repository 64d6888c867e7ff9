import type { Page } from 'playwright-core';
import { launchHarness, type Harness } from '../test/e2e/harness.ts';
import { pause, send } from './extension.ts';
import { measureRebuildVsChrome, type RebuildVsChrome } from './rebuild-vs-chrome.ts';
import { workerHeapBytes } from './worker-heap.ts';

export const SCALE_SIZES = [1, 10, 100, 500];
const RULES_SYNC_MEASURE = 'broker-sessions:rules-sync';

export interface ScalePoint {
  profiles: number;
  rules: number;
  /** The rebuild at wake-up with every rule lost (all added again), in the worker. */
  wakeRebuildMs: number;
  /** The rebuild at wake-up with the rules still in force, as after the browser stops an idle worker. */
  wakeKeptRebuildMs: number;
  /** The rebuild after one session changes (a sign-out), in the worker. */
  changeRebuildMs: number;
  /** A stopped worker woken by a page's request, until it answers. */
  wakeToAnswerMs: number;
  /** …until its header rules are all in force. */
  wakeToRulesMs: number;
  localBytes: number;
  sessionBytes: number;
  workerHeapBytes: number;
}

/**
 * N active sessions as the worker stores them, each with a web app (two header rules); `onSandbox`
 * puts one of them on the sandbox's TraderEvolution, so that it can sign in for real.
 */
async function seed(page: Page, count: number, onSandbox?: { profileId: string; apiBaseUrl: string }) {
  await page.evaluate(
    async ({ count, onSandbox }) => {
      const now = Date.now();
      const profiles = Array.from({ length: count }, (_, i) => ({
        id: `bench-${i}`,
        name: `Desk ${i}`,
        broker: 'traderevolution',
        apiBaseUrl:
          onSandbox?.profileId === `bench-${i}`
            ? onSandbox.apiBaseUrl
            : `https://api${i}.broker.example/proftrading/rest`,
        webAppOrigins: [`https://app${i}.broker.example`],
        staySignedIn: false,
        refreshMarginSec: 300,
      }));
      // As the worker stores them (src/shared/storage-items.ts): the public part of each session
      // and its secrets apart, each in its version envelope.
      const sessions = Object.fromEntries(
        profiles.map((profile, i) => [
          profile.id,
          {
            profileId: profile.id,
            state: 'active',
            sessionId: `bench-session-${i}`,
            tokens: { expiresAt: now + 3_600_000 },
            refreshable: true,
            tokensIssuedAt: now,
            updatedAt: now,
          },
        ]),
      );
      const sessionSecrets = Object.fromEntries(
        profiles.map((profile, i) => [
          profile.id,
          { accessToken: `bench-access-${i}`.padEnd(600, 'x'), refreshToken: `bench-refresh-${i}` },
        ]),
      );
      await chrome.storage.session.clear();
      await chrome.storage.local.set({ profiles: { storageVersion: 1, value: profiles } });
      await chrome.storage.session.set({
        sessions: { storageVersion: 1, value: sessions },
        sessionSecrets: { storageVersion: 1, value: sessionSecrets },
      });
    },
    { count, onSandbox },
  );
}

async function lastRebuildMs(harness: Harness): Promise<number> {
  const worker = await harness.worker();
  return worker.evaluate(
    (name) => performance.getEntriesByName(name).at(-1)?.duration ?? Number.NaN,
    RULES_SYNC_MEASURE,
  );
}

const WAKES_PER_SIZE = 5;
const CHANGES_PER_SIZE = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function wakeOnce(harness: Harness, page: Page, count: number) {
  await harness.stopWorker();
  await pause(300);
  const woke = await page.evaluate(async (count) => {
    const started = performance.now();
    await chrome.runtime.sendMessage({ channel: 'broker-sessions', type: 'listSessions' });
    const answered = performance.now() - started;
    while ((await chrome.declarativeNetRequest.getSessionRules()).length < count * 2)
      await new Promise((done) => setTimeout(done, 1));
    return { answered, rules: performance.now() - started };
  }, count);
  await pause(500);
  return { ...woke, rebuild: await lastRebuildMs(harness) };
}

async function measureSize(harness: Harness, page: Page, count: number): Promise<ScalePoint> {
  await seed(page, count);
  // The first wake brings the rules in line with the new storage; the next ones find them kept.
  await wakeOnce(harness, page, count);
  const keptWakes = [];
  for (let run = 0; run < WAKES_PER_SIZE; run += 1) keptWakes.push(await wakeOnce(harness, page, count));
  const wakes = [];
  // The session rules survive a worker stop: clear them so every wake rebuilds them all.
  for (let run = 0; run < WAKES_PER_SIZE; run += 1) {
    await page.evaluate(async () => {
      const ids = (await chrome.declarativeNetRequest.getSessionRules()).map((rule) => rule.id);
      await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: ids });
    });
    wakes.push(await wakeOnce(harness, page, count));
  }
  const bytes = await page.evaluate(async () => ({
    local: await chrome.storage.local.getBytesInUse(null),
    session: await chrome.storage.session.getBytesInUse(null),
  }));
  const heap = await workerHeapBytes(harness);
  // Sessions end one at a time from the middle of the profile order (code-unit order of the ids,
  // in which header-rules/plan.ts gives out rule slots), where ids taken from positions moved most.
  const inRuleOrder = Array.from({ length: count }, (_, i) => `bench-${i}`).sort();
  const middle = Math.floor(count / 2);
  const changes = [];
  for (const profileId of inRuleOrder.slice(middle, middle + CHANGES_PER_SIZE)) {
    await send(page, 'signOut', { profileId });
    await pause(300);
    changes.push(await lastRebuildMs(harness));
  }
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    profiles: count,
    rules: count * 2,
    wakeRebuildMs: round(median(wakes.map((wake) => wake.rebuild))),
    wakeKeptRebuildMs: round(median(keptWakes.map((wake) => wake.rebuild))),
    changeRebuildMs: round(median(changes)),
    wakeToAnswerMs: round(median(wakes.map((wake) => wake.answered))),
    wakeToRulesMs: round(median(wakes.map((wake) => wake.rules))),
    localBytes: bytes.local,
    sessionBytes: bytes.session,
    workerHeapBytes: heap,
  };
}

/**
 * 1, 10, 100 and 500 active profiles: rule rebuilds, wake-up, storage and heap; then, at 500, one
 * sign-out and one sign-in against Chrome's own update for the same change.
 */
export async function measureScale(): Promise<{ points: ScalePoint[]; vsChrome: RebuildVsChrome }> {
  const harness = await launchHarness();
  try {
    const page = await harness.openPage('options');
    const points: ScalePoint[] = [];
    for (const size of SCALE_SIZES) points.push(await measureSize(harness, page, size));
    const count = SCALE_SIZES.at(-1)!;
    // In the middle of the rule order, as the sign-outs above.
    const profileId = Array.from({ length: count }, (_, i) => `bench-${i}`).sort()[Math.floor(count / 2)]!;
    await seed(page, count, { profileId, apiBaseUrl: harness.sandbox.urls.traderevolution });
    await wakeOnce(harness, page, count);
    const vsChrome = await measureRebuildVsChrome(harness, page, count, profileId);
    return { points, vsChrome };
  } finally {
    await harness.close();
  }
}
