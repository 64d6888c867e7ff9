import { browser } from '../shared/browser.ts';
import { fail, ok, type Result } from '../shared/result.ts';
import { rememberApiTab } from './api-tabs.ts';
import { readProfile } from './profile-store.ts';
import { syncHeaderRules } from './rules-sync.ts';
import { readSession } from './session-store.ts';

/**
 * Opens a tab for browsing the API with the session's token. The tab starts blank and only
 * navigates once its rules are in force, so even its first request carries the token.
 */
export async function openApiTab(profileId: string): Promise<Result<{ tabId: number }>> {
  const [profile, session] = await Promise.all([readProfile(profileId), readSession(profileId)]);
  if (!profile) return fail('unknown-profile', 'This profile no longer exists.');
  if (session?.state !== 'active' && session?.state !== 'refreshing')
    return fail('not-active', 'Sign in first: the API tab needs an active session.');
  const tab = await browser.tabs.create({ url: 'about:blank', active: true });
  if (tab.id === undefined) return fail('no-tab', 'The browser did not open a tab.');
  await rememberApiTab(tab.id, profileId);
  await syncHeaderRules();
  await browser.tabs.update(tab.id, { url: `${profile.apiBaseUrl}/` });
  return ok({ tabId: tab.id });
}
