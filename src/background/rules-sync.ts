import { brokers } from '../brokers/index.ts';
import { browser } from '../shared/browser.ts';
import { readApiTabs } from './api-tabs.ts';
import { buildRules, isOurRuleId, type ApiTabGrant } from './header-rules.ts';
import { readProfiles } from './profile-store.ts';
import { readSessions } from './session-store.ts';
import { serially } from './serial.ts';

/** The grants that storage says should be in force right now. */
async function currentGrants(now: number): Promise<ApiTabGrant[]> {
  const [profiles, sessions, apiTabs] = await Promise.all([readProfiles(), readSessions(), readApiTabs()]);
  const grants: ApiTabGrant[] = [];
  for (const [tabId, profileId] of Object.entries(apiTabs)) {
    const profile = profiles.find((candidate) => candidate.id === profileId);
    const session = sessions[profileId];
    const tokens = session?.tokens;
    const usable = session?.state === 'active' || session?.state === 'refreshing';
    if (!profile || !tokens || !usable || tokens.expiresAt <= now) continue;
    grants.push({
      tabId: Number(tabId),
      apiBaseUrl: profile.apiBaseUrl,
      headers: brokers[profile.broker].requestHeaders(profile, tokens),
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
    const wanted = buildRules(await currentGrants(Date.now()));
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
