import { sessionItems } from '../../shared/storage-items.ts';
import { readItem, readItems, write, writeItems } from '../../shared/storage.ts';
import { serially } from '../serial.ts';

/**
 * Tabs opened with "Open API", by tab id, with the profile whose token they carry. Kept in
 * storage.session so the rules can be rebuilt after the worker restarts.
 */
/**
 * API tabs whose first navigation to the API has not landed yet, by tab id, with a deadline
 * (epoch ms). The guard leaves them alone until then (api-tabs/guard.ts).
 */
/** Long enough for a slow API's first page; after it, a tab that never landed is let go. */
export const OPENING_WINDOW_MS = 15_000;

type ApiTabs = Record<string, string>;
type Opening = Record<string, number>;

export async function readApiTabs(): Promise<ApiTabs> {
  return readItem(sessionItems.apiTabs);
}

/** Whether the tab's first navigation to the API is still under way (and within its window). */
export async function isOpeningApiTab(tabId: number, now = Date.now()): Promise<boolean> {
  const until = (await readItem(sessionItems.apiTabsOpening))[String(tabId)];
  return until !== undefined && now < until;
}

function changeApiTabs<T = void>(change: (tabs: ApiTabs, opening: Opening) => T): Promise<T> {
  return serially(async () => {
    const [tabs, opening] = await readItems([sessionItems.apiTabs, sessionItems.apiTabsOpening]);
    const before = JSON.stringify([tabs, opening]);
    const result = change(tabs, opening);
    // A tab that is no API tab any more is not opening either.
    for (const tabId of Object.keys(opening)) if (!Object.hasOwn(tabs, tabId)) delete opening[tabId];
    // Most closed tabs were never API tabs: nothing to write, and no storage change for pages to follow.
    if (JSON.stringify([tabs, opening]) !== before)
      await writeItems([write(sessionItems.apiTabs, tabs), write(sessionItems.apiTabsOpening, opening)]);
    return result;
  });
}

export const rememberApiTab = (tabId: number, profileId: string, now = Date.now()) =>
  changeApiTabs((tabs, opening) => {
    tabs[String(tabId)] = profileId;
    opening[String(tabId)] = now + OPENING_WINDOW_MS;
  });

/** The tab has shown a page of the API: from now on, leaving the scope releases it. */
export const landApiTab = (tabId: number) =>
  changeApiTabs((_tabs, opening) => {
    delete opening[String(tabId)];
  });

/** Forgets the tab; true only for the one caller that found it still an API tab. */
export const forgetApiTab = (tabId: number) =>
  changeApiTabs((tabs) => {
    const held = Object.hasOwn(tabs, String(tabId));
    delete tabs[String(tabId)];
    return held;
  });

export const forgetApiTabsOf = (profileId: string) =>
  changeApiTabs((tabs) => {
    for (const [tabId, owner] of Object.entries(tabs)) if (owner === profileId) delete tabs[tabId];
  });
