import { browser, type Tabs } from '../../shared/browser.ts';
import { propagateChange } from '../propagate.ts';
import { isInApiScope } from '../header-rules/api-scope.ts';
import { forgetApiTab, isOpeningApiTab, landApiTab, readApiTabs } from './store.ts';
import { readProfile } from '../profiles/store.ts';

/**
 * The API tab's guard. While a tab holds a session, its rules block every top-level navigation that
 * leaves the API's scope (header-rules/grant-rules.ts), so a foreign page never runs in a tab whose
 * navigations carry the token. When the tab lands on such a blocked page (a link or redirect to
 * another site, a URL typed by the user), it stops being an API tab: its rules go, and only then is
 * the page loaded again, now in an ordinary tab. To carry the token again, the user opens the API
 * from the popup.
 *
 * The tab's URL is visible here only where the extension has host access; an API page always is,
 * so a URL we cannot see (or one outside the scope) means the tab has left the API.
 */
export async function guardApiTab(tabId: number, tab: Tabs.Tab): Promise<void> {
  const profileId = (await readApiTabs())[String(tabId)];
  if (profileId === undefined) return;
  const profile = await readProfile(profileId);
  const inScope = profile !== undefined && tab.url !== undefined && isInApiScope(tab.url, profile.apiBaseUrl);
  // The blank page the tab starts on while "Open API" puts its rules in place is no departure:
  // Chromium reports it as about:blank, Firefox hides its URL (no "tabs" permission), and
  // Firefox's "loading" at the start of the navigation to the API still shows the blank page.
  // Until the tab has shown the API, the block rule alone keeps foreign pages out.
  if (await isOpeningApiTab(tabId)) {
    if (inScope) await landApiTab(tabId);
    return;
  }
  if (inScope) return;
  // The tab reports several updates for one departure: only the first releases and reloads it.
  if (!(await forgetApiTab(tabId))) return;
  await propagateChange();
  await browser.tabs.reload(tabId).catch(() => undefined);
}
