import { browser } from '../shared/browser.ts';
import { serially } from './serial.ts';

/**
 * Tabs opened with "Open API", by tab id, with the profile whose token they carry. Kept in
 * storage.session so the rules can be rebuilt after the worker restarts.
 */
const KEY = 'apiTabs';

export async function readApiTabs(): Promise<Record<string, string>> {
  const stored = await browser.storage.session.get(KEY);
  return (stored[KEY] as Record<string, string> | undefined) ?? {};
}

function changeApiTabs<T = void>(change: (tabs: Record<string, string>) => T): Promise<T> {
  return serially(async () => {
    const tabs = await readApiTabs();
    const result = change(tabs);
    await browser.storage.session.set({ [KEY]: tabs });
    return result;
  });
}

export const rememberApiTab = (tabId: number, profileId: string) =>
  changeApiTabs((tabs) => {
    tabs[String(tabId)] = profileId;
  });

export const forgetApiTab = (tabId: number) =>
  changeApiTabs((tabs) => {
    delete tabs[String(tabId)];
  });

/** Forgets the tab; true only for the one caller that found it still an API tab. */
export const releaseApiTab = (tabId: number) =>
  changeApiTabs((tabs) => {
    const held = Object.hasOwn(tabs, String(tabId));
    delete tabs[String(tabId)];
    return held;
  });

export const forgetApiTabsOf = (profileId: string) =>
  changeApiTabs((tabs) => {
    for (const [tabId, owner] of Object.entries(tabs)) if (owner === profileId) delete tabs[tabId];
  });
