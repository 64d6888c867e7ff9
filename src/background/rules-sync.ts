import { brokers } from '../brokers/index.ts';
import { browser, type DeclarativeNetRequest } from '../shared/browser.ts';
import { readApiTabs } from './api-tabs.ts';
import type { RequestHeader } from '../brokers/types.ts';
import { buildRules, isOurRuleId, type ApiTabGrant, type WebAppGrant } from './header-rules.ts';
import { readProfiles } from './profile-store.ts';
import { readSessions } from './session-store.ts';
import { serially } from './serial.ts';

type Rule = DeclarativeNetRequest.Rule;

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
    // Timed for the benchmarks (bench/scale.ts); only the latest measure is kept.
    const started = performance.now();
    await rebuildRules();
    performance.clearMeasures(RULES_SYNC_MEASURE);
    performance.measure(RULES_SYNC_MEASURE, { start: started });
  });
}

/** The name under which the worker's last rule rebuild is timed. */
export const RULES_SYNC_MEASURE = 'broker-sessions:rules-sync';

async function rebuildRules(): Promise<void> {
  const { apiTabs, webApps } = await currentGrants(Date.now());
  const wanted = buildRules(apiTabs, webApps);
  const existing = (await browser.declarativeNetRequest.getSessionRules()).filter((rule) =>
    isOurRuleId(rule.id),
  );
  const change = ruleChange(existing, wanted);
  if (change.removeRuleIds.length === 0 && change.addRules.length === 0) return;
  await browser.declarativeNetRequest.updateSessionRules(change);
}

/**
 * Only the rules that differ are replaced (a refresh swaps one profile's rules, not all of
 * them), still in one call, so the swap is atomic.
 */
function ruleChange(existing: Rule[], wanted: Rule[]): { removeRuleIds: number[]; addRules: Rule[] } {
  const current = new Map(existing.map((rule) => [rule.id, JSON.stringify(rule)]));
  const addRules = wanted.filter((rule) => current.get(rule.id) !== JSON.stringify(rule));
  const wantedIds = new Set(wanted.map((rule) => rule.id));
  const removeRuleIds = [
    ...existing.filter((rule) => !wantedIds.has(rule.id)).map((rule) => rule.id),
    ...addRules.filter((rule) => current.has(rule.id)).map((rule) => rule.id),
  ];
  return { removeRuleIds, addRules };
}
