import type { DeclarativeNetRequest } from '../../shared/browser.ts';
import {
  apiTabRules,
  RULES_PER_API_TAB,
  RULES_PER_WEB_APP,
  webAppRules,
  type ApiTabGrant,
  type WebAppGrant,
} from './grant-rules.ts';
import { assignSlots, type SlotTable } from './slots.ts';

export type { ApiTabGrant, WebAppGrant } from './grant-rules.ts';

type Rule = DeclarativeNetRequest.Rule;

/** Fixed id ranges, so a rebuild knows which session rules are ours to replace. */
export const API_TAB_RULE_IDS = { first: 1, last: 99_999 } as const;
export const WEB_APP_RULE_IDS = { first: 100_000, last: 199_999 } as const;
/**
 * How many grants of each kind get rules: together at most 4,800 rules (1,500 web apps × 2 and
 * 360 API tabs × 5), inside Chrome's (and Firefox's) limit of 5,000 session rules, and far inside
 * our id ranges. 500 profiles with a web app each take 1,000.
 */
export const WEB_APP_SLOTS = 1_500;
export const API_TAB_SLOTS = 360;

/** The slot tables the rules were built with, to be kept for the next rebuild (header-rules/slots.ts). */
export interface RuleSlots {
  apiTabs: SlotTable;
  webApps: SlotTable;
}

/**
 * The complete set of our session rules for the given grants. Each grant's ids come from its slot
 * (header-rules/slots.ts): the slots held before are kept, so a grant that comes, goes or changes
 * its token touches its own rules only. Without `held`, slots are given in tab-id and profile-id
 * order.
 */
export function planRules(
  apiTabs: ApiTabGrant[],
  webApps: WebAppGrant[] = [],
  held?: Partial<RuleSlots>,
): { rules: Rule[]; slots: RuleSlots; unplaced: number } {
  const tabs = [...apiTabs].sort((a, b) => a.tabId - b.tabId);
  const apps = webApps
    .filter((grant) => grant.webAppOrigins.length > 0)
    // Code-unit order, not localeCompare: ICU collation costs ~10 ms for 500 profiles.
    .sort((a, b) => (a.profileId < b.profileId ? -1 : a.profileId > b.profileId ? 1 : 0));
  const tabKeys = tabs.map((grant) => String(grant.tabId));
  const appKeys = uniqueKeys(apps.map((grant) => grant.profileId));
  const slots = {
    apiTabs: assignSlots(tabKeys, held?.apiTabs, API_TAB_SLOTS),
    webApps: assignSlots(appKeys, held?.webApps, WEB_APP_SLOTS),
  };
  const rules: Rule[] = [];
  tabs.forEach((grant, index) => {
    const slot = slots.apiTabs[tabKeys[index]!];
    if (slot !== undefined)
      rules.push(...apiTabRules(grant, API_TAB_RULE_IDS.first + slot * RULES_PER_API_TAB));
  });
  apps.forEach((grant, index) => {
    const slot = slots.webApps[appKeys[index]!];
    if (slot !== undefined)
      rules.push(...webAppRules(grant, WEB_APP_RULE_IDS.first + slot * RULES_PER_WEB_APP));
  });
  const placed = Object.keys(slots.apiTabs).length + Object.keys(slots.webApps).length;
  return { rules, slots, unplaced: tabs.length + apps.length - placed };
}

/** Two grants never share a key, so never a slot (a profile id seen twice gets `id#1`, …). */
function uniqueKeys(keys: string[]): string[] {
  const used = new Set<string>();
  return keys.map((key) => {
    let unique = key;
    for (let count = 1; used.has(unique); count += 1) unique = `${key}#${count}`;
    used.add(unique);
    return unique;
  });
}

export const isOurRuleId = (id: number) =>
  (id >= API_TAB_RULE_IDS.first && id <= API_TAB_RULE_IDS.last) ||
  (id >= WEB_APP_RULE_IDS.first && id <= WEB_APP_RULE_IDS.last);
