import { browser } from '../shared/browser.ts';
import { propagateChange } from './propagate.ts';
import { forgetApiTab, readApiTabs } from './api-tabs/store.ts';
import { resumeClipboardClear } from './clipboard/clear.ts';
import { refreshSession } from './refresh/refresher.ts';
import { restorePersistedSessions } from './sessions/restore.ts';
import { checkHeaderRulesAtNextSync } from './header-rules/sync.ts';
import { readSessions } from './sessions/store.ts';
import { recoverInterruptedSignIns } from './sessions/sign-in.ts';
import { refreshManagedPolicy } from './profiles/managed-policy.ts';

/**
 * Brings the browser in line with storage at every wake-up: sessions kept on disk are restored,
 * API tabs that closed while the worker was stopped are forgotten, header rules and alarms are
 * rebuilt, and work that fell due meanwhile runs now (a clipboard clear owed from before a
 * restart included). Safe to run any number of times.
 */
let running: Promise<void> | undefined;

/** Start-up, install and the wake-up itself may all ask at once: they share one run. */
export function wakeUp(): Promise<void> {
  running ??= wakeUpOnce().finally(() => (running = undefined));
  return running;
}

async function wakeUpOnce(): Promise<void> {
  // The policy's fresh read takes ≈ 3 s at its first call after a browser start: only restoring
  // (which a new policy could forbid) waits for it; everything else runs on the cached copy now.
  const restoring = restoreUnderFreshPolicy();
  // Only sign-ins can be interrupted: a session store of hundreds is not rewritten for them.
  const sessions = Object.values(await readSessions());
  await recoverInterruptedSignIns(
    sessions.filter((session) => session.state === 'signing-in').map((session) => session.profileId),
  );
  const apiTabs = await readApiTabs();
  const open = new Set((await browser.tabs.query({})).map((tab) => tab.id));
  for (const tabId of Object.keys(apiTabs)) if (!open.has(Number(tabId))) await forgetApiTab(Number(tabId));
  // A wake-up is when the browser may have dropped our rules: the rebuild reads them back first.
  checkHeaderRulesAtNextSync();
  const { dueWork } = await propagateChange();
  await Promise.all([dueWork, resumeClipboardClear(), restoring]);
}

/**
 * Sessions kept on disk come back under the policy as it is now; a policy that changed since the
 * copy was kept is applied like any change (its profiles, rules, alarms and the pages).
 */
async function restoreUnderFreshPolicy(): Promise<void> {
  const policyChanged = await refreshManagedPolicy();
  const restored = await restorePersistedSessions();
  if (policyChanged || restored.length > 0) await propagateChange();
  await Promise.all(restored.map((profileId) => refreshSession(profileId)));
}
