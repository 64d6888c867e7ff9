import { browser } from '../shared/browser.ts';
import { forgetApiTab, readApiTabs } from './api-tabs.ts';
import { syncHeaderRules } from './rules-sync.ts';

/**
 * Brings the browser in line with storage at every wake-up: API tabs that closed while the
 * worker was stopped are forgotten, and the header rules are rebuilt. Safe to run any number
 * of times.
 */
export async function reconcile(): Promise<void> {
  const apiTabs = await readApiTabs();
  const open = new Set((await browser.tabs.query({})).map((tab) => tab.id));
  for (const tabId of Object.keys(apiTabs)) if (!open.has(Number(tabId))) await forgetApiTab(Number(tabId));
  await syncHeaderRules();
}
