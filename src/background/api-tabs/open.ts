import { browser, type Tabs } from '../../shared/browser.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { rememberApiTab } from './store.ts';
import { readProfile } from '../profiles/store.ts';
import { syncHeaderRules } from '../header-rules/sync.ts';
import { usableTokens } from '../../shared/sessions/record.ts';
import { readSession } from '../sessions/store.ts';
import { t } from '../../shared/i18n.ts';
import { unknownProfile } from '../sessions/unknown-profile.ts';

/** Resolves once the tab has finished loading (or after `timeoutMs`, whichever is first). */
function tabSettled(tabId: number, timeoutMs = 2_000): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      browser.tabs.onUpdated.removeListener(onUpdated);
      resolve();
    };
    const onUpdated = (id: number, change: Tabs.OnUpdatedChangeInfoType) => {
      if (id === tabId && change.status === 'complete') done();
    };
    const timer = setTimeout(done, timeoutMs);
    browser.tabs.onUpdated.addListener(onUpdated);
    void browser.tabs.get(tabId).then(
      (tab) => tab.status === 'complete' && done(),
      () => done(),
    );
  });
}

/**
 * Opens a tab for browsing the API with the session's token. The tab starts blank and only
 * navigates once its rules are in force, so even its first request carries the token.
 */
export async function openApiTab(profileId: string): Promise<Result<{ tabId: number }>> {
  const [profile, session] = await Promise.all([readProfile(profileId), readSession(profileId)]);
  if (!profile) return unknownProfile();
  if (!usableTokens(session, Date.now())) return fail('not-active', t('workerErrorApiTabNeedsSession'));
  const tab = await browser.tabs.create({ url: 'about:blank', active: true });
  if (tab.id === undefined) return fail('no-tab', t('workerErrorNoTab'));
  // Navigating while the blank page is still committing can lose the navigation: wait for it.
  // Only then is it an API tab, so the guard never mistakes the blank page for a departure.
  await tabSettled(tab.id);
  await rememberApiTab(tab.id, profileId);
  await syncHeaderRules();
  await browser.tabs.update(tab.id, { url: `${profile.apiBaseUrl}/` });
  return ok({ tabId: tab.id });
}
