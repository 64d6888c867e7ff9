import { brokers } from '../brokers/index.ts';
import { browser } from '../shared/browser.ts';
import { readApiTabs } from './api-tabs.ts';
import type { RequestHeader } from '../brokers/types.ts';
import { buildRules, isOurRuleId, type ApiTabGrant, type WebAppGrant } from './header-rules.ts';
import { readProfiles } from './profile-store.ts';
import { readSessions } from './session-store.ts';
import { serially } from './serial.ts';

/** The grants that storage says should be in force right now. */
async function currentGrants(now: number): Promise<{ apiTabs: ApiTabGrant[]; webApps: WebAppGrant[] }> {
  const [profiles, sessions, apiTabs] = await Promise.all([readProfiles(), readSessions(), readApiTabs()]);
  const headersOf = new Map<string, RequestHeader[]>();
  for (const profile of profiles) {
    const session = sessions[profile.id];
    const tokens = session?.tokens;
    const usable = session?.state === 'active' || session?.state === 'refreshing';
    if (tokens?.accessToken && usable && tokens.expiresAt > now)
      headersOf.set(profile.id, brokers[profile.broker].requestHeaders(profile, tokens));
  }
  const grants = { apiTabs: [] as ApiTabGrant[], webApps: [] as WebAppGrant[] };
  for (const [tabId, profileId] of Object.entries(apiTabs)) {
    const profile = profiles.find((candidate) => candidate.id === profileId);
    const headers = headersOf.get(profileId);
    if (profile && headers)
      grants.apiTabs.push({ tabId: Number(tabId), apiBaseUrl: profile.apiBaseUrl, headers });
  }
  for (const profile of profiles) {
    const headers = headersOf.get(profile.id);
    if (headers && profile.webAppOrigins.length > 0)
      grants.webApps.push({
        profileId: profile.id,
        apiBaseUrl: profile.apiBaseUrl,
        webAppOrigins: profile.webAppOrigins,
        headers,
      });
  }
  return grants;
}

/**
 * Rebuilds our session rules from storage and applies the difference in one
 * `updateSessionRules` call, so a token swap never leaves a moment without a rule. Idempotent:
 * every wake-up and every session change calls it.
 */
export function syncHeaderRules(): Promise<void> {
  return serially(async () => {
    const { apiTabs, webApps } = await currentGrants(Date.now());
    const wanted = buildRules(apiTabs, webApps);
    const existing = (await browser.declarativeNetRequest.getSessionRules()).filter((rule) =>
      isOurRuleId(rule.id),
    );
    if (JSON.stringify(existing) === JSON.stringify(wanted)) return;
    await browser.declarativeNetRequest.updateSessionRules({
      removeRuleIds: existing.map((rule) => rule.id),
      addRules: wanted,
    });
  });
}
