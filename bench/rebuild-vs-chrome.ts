import type { Page, Worker } from 'playwright-core';
import type { Harness } from '../test/e2e/harness.ts';
import { pause, send, TE_DEMO } from './extension.ts';
import { summarize, type Summary } from './stats.ts';

const RULES_SYNC_MEASURE = 'broker-sessions:rules-sync';
const ROUNDS = 15;

export interface RebuildVsChrome {
  profiles: number;
  rules: number;
  /** The extension's whole rebuild (syncHeaderRules: storage reads, plan, diff, one update, prints). */
  rebuildMs: Summary;
  /** A bare `updateSessionRules` with the same removeRuleIds/addRules, from the worker: the floor. */
  chromeMs: Summary;
  /** median rebuild / median floor. */
  ratio: number;
  /** p95 rebuild / p95 floor. */
  p95Ratio: number;
  signOut: { rebuildMs: Summary; chromeMs: Summary; ratio: number };
  signIn: { rebuildMs: Summary; chromeMs: Summary; ratio: number };
  /** Where the rest of the rebuild goes: the same storage operations, timed alone in the worker. */
  parts: {
    /** Profiles, policy, sessions, API tabs and prints read side by side, as the rebuild does. */
    readsMs: Summary;
    /** The sessions alone (tokens of every profile), then the prints and slots alone. */
    sessionsReadMs: Summary;
    printsReadMs: Summary;
    forgetPrintsMs: Summary;
    writePrintsMs: Summary;
  };
}

interface Sample {
  rebuild: number;
  chrome: number;
}

/**
 * Installs, in the worker, a recorder of the extension's `updateSessionRules` calls and of its
 * rebuild measures. Evaluated as a string: the runner's transpiler would wrap named functions in
 * a helper the worker does not have. The API functions are looked up on `chrome` at each call
 * (webextension-polyfill passes declarativeNetRequest through unwrapped), so replacing the
 * property catches the extension's calls.
 */
const INSTALL = `(() => {
  if (globalThis.__bench) return true;
  const dnr = chrome.declarativeNetRequest;
  const update = dnr.updateSessionRules.bind(dnr);
  const bench = { update, calls: [], syncs: [], pre: new Map() };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.name === ${JSON.stringify(RULES_SYNC_MEASURE)})
        bench.syncs.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  }).observe({ type: 'measure' });
  dnr.updateSessionRules = (change, ...rest) => {
    bench.calls.push({ at: performance.now(), change: structuredClone(change) });
    return update(change, ...rest);
  };
  if (globalThis.browser && globalThis.browser.declarativeNetRequest && globalThis.browser.declarativeNetRequest !== dnr)
    globalThis.browser.declarativeNetRequest.updateSessionRules = dnr.updateSessionRules;
  globalThis.__bench = bench;
  return dnr.updateSessionRules !== update;
})()`;

/** Before a change: the rules in force (to undo the change later) and no calls recorded. */
const BEFORE = `(async () => {
  const bench = globalThis.__bench;
  bench.pre = new Map((await chrome.declarativeNetRequest.getSessionRules()).map((rule) => [rule.id, rule]));
  bench.calls.length = 0;
  bench.syncs.length = 0;
})()`;

/**
 * After a change: the rebuild that made the extension's one update call, then the same call
 * again, bare: the change is undone first (outside the timing), so the browser starts from the
 * same rules and ends where the extension left it, in line with its prints.
 */
const AFTER = `(async () => {
  const bench = globalThis.__bench;
  for (let waited = 0; waited < 5000; waited += 10) {
    const call = bench.calls[0];
    if (call && bench.syncs.some((sync) => sync.start <= call.at && call.at <= sync.end)) break;
    await new Promise((done) => setTimeout(done, 10));
  }
  if (bench.calls.length !== 1) return { error: bench.calls.length + ' updateSessionRules calls for one change' };
  const { at, change } = bench.calls[0];
  const sync = bench.syncs.find((sync) => sync.start <= at && at <= sync.end);
  if (!sync) return { error: 'no rebuild measure around the update' };
  const undo = {
    removeRuleIds: change.addRules ? change.addRules.map((rule) => rule.id) : [],
    addRules: (change.removeRuleIds || []).map((id) => bench.pre.get(id)).filter((rule) => rule),
  };
  await bench.update(undo);
  const started = performance.now();
  await bench.update(change);
  const bare = performance.now() - started;
  return { rebuild: sync.end - sync.start, chrome: bare, removed: (change.removeRuleIds || []).length, added: (change.addRules || []).length };
})()`;

/**
 * The storage work of a rebuild on its own, as header-rules/sync.ts does it (reads side by side;
 * the prints dropped before the update and written after it), on the storage as it stands.
 */
const PARTS = `(async () => {
  const keys = ['appliedHeaderRules', 'headerRuleSlots'];
  let started = performance.now();
  const [, , , , applied] = await Promise.all([
    chrome.storage.managed.get().catch(() => ({})),
    chrome.storage.local.get('profiles'),
    chrome.storage.session.get(['sessions', 'sessionSecrets']),
    chrome.storage.session.get('apiTabs'),
    chrome.storage.session.get(keys),
  ]);
  const reads = performance.now() - started;
  started = performance.now();
  await chrome.storage.session.get(['sessions', 'sessionSecrets']);
  const sessions = performance.now() - started;
  started = performance.now();
  await chrome.storage.session.get(keys);
  const prints = performance.now() - started;
  started = performance.now();
  await chrome.storage.session.remove('appliedHeaderRules');
  const forget = performance.now() - started;
  started = performance.now();
  await chrome.storage.session.set(applied);
  const write = performance.now() - started;
  return { reads, sessions, prints, forget, write };
})()`;

async function inWorker<T>(harness: Harness, script: string): Promise<T> {
  const worker: Worker = await harness.worker();
  return (await worker.evaluate(script)) as T;
}

async function oneChange(harness: Harness, act: () => Promise<unknown>): Promise<Sample> {
  await inWorker(harness, BEFORE);
  await act();
  const result = await inWorker<Sample & { error?: string; removed: number; added: number }>(harness, AFTER);
  if (result.error) throw new Error(`rebuild vs Chrome: ${result.error}`);
  return { rebuild: result.rebuild, chrome: result.chrome };
}

const ratioOf = (rebuild: Summary, chrome: Summary, key: 'median' | 'p95') =>
  Math.round((rebuild[key] / chrome[key]) * 100) / 100;

function compare(samples: Sample[]) {
  const rebuildMs = summarize(samples.map((sample) => sample.rebuild));
  const chromeMs = summarize(samples.map((sample) => sample.chrome));
  return { rebuildMs, chromeMs, ratio: ratioOf(rebuildMs, chromeMs, 'median') };
}

/**
 * One profile among `count` active ones signs out and in again, ROUNDS times: each change's
 * rebuild in the worker against the bare Chrome call it made. The profile is on the sandbox
 * (a real sign-in); the others carry made-up tokens.
 */
export async function measureRebuildVsChrome(
  harness: Harness,
  page: Page,
  count: number,
  profileId: string,
): Promise<RebuildVsChrome> {
  if (!(await inWorker<boolean>(harness, INSTALL)))
    throw new Error('rebuild vs Chrome: updateSessionRules could not be replaced in the worker');
  const signOuts: Sample[] = [];
  const signIns: Sample[] = [];
  const parts: { reads: number; sessions: number; prints: number; forget: number; write: number }[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    signOuts.push(await oneChange(harness, () => send(page, 'signOut', { profileId })));
    await pause(100);
    signIns.push(await oneChange(harness, () => send(page, 'signIn', { profileId, ...TE_DEMO })));
    await pause(100);
    parts.push(await inWorker(harness, PARTS));
  }
  const all = compare([...signOuts, ...signIns]);
  return {
    profiles: count,
    rules: count * 2,
    ...all,
    p95Ratio: ratioOf(all.rebuildMs, all.chromeMs, 'p95'),
    signOut: compare(signOuts),
    signIn: compare(signIns),
    parts: {
      readsMs: summarize(parts.map((part) => part.reads)),
      sessionsReadMs: summarize(parts.map((part) => part.sessions)),
      printsReadMs: summarize(parts.map((part) => part.prints)),
      forgetPrintsMs: summarize(parts.map((part) => part.forget)),
      writePrintsMs: summarize(parts.map((part) => part.write)),
    },
  };
}
