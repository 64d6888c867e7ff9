import type { RequestHeader } from '../brokers/types.ts';
import type { DeclarativeNetRequest } from '../shared/browser.ts';
import { assignSlots, type SlotTable } from './rule-slots.ts';

type Rule = DeclarativeNetRequest.Rule;
type ResourceType = DeclarativeNetRequest.ResourceType;

/** Fixed id ranges, so a rebuild knows which session rules are ours to replace. */
export const API_TAB_RULE_IDS = { first: 1, last: 99_999 } as const;
export const WEB_APP_RULE_IDS = { first: 100_000, last: 199_999 } as const;
const RULES_PER_API_TAB = 3;
const RULES_PER_WEB_APP = 2;

/** Everything but `main_frame` and `websocket`, which get rules of their own. */
const SUB_RESOURCE_TYPES: ResourceType[] = [
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'csp_report',
  'media',
  'other',
];

export interface ApiTabGrant {
  tabId: number;
  apiBaseUrl: string;
  headers: RequestHeader[];
}

function setHeaders(headers: RequestHeader[]): Rule['action'] {
  return {
    type: 'modifyHeaders',
    requestHeaders: headers.map(({ name, value }) => ({ header: name, operation: 'set', value })),
  };
}

/**
 * The rules that attach a session's headers inside one API tab, and nowhere else:
 * - the tab's top-level GET navigations to the API origin (a URL typed into that tab works; a
 *   form POST from some page that took over the tab does not);
 * - the tab's sub-requests to the API origin that the API origin itself initiated (a page of
 *   another site in that tab gets nothing);
 * - WebSocket handshakes from the API origin to its ws/wss twin (Volven's quote stream).
 * `tabIds` also keeps the worker's own requests (tab -1) out: ETNA's second /token call carries
 * an interim token that a rule must never overwrite.
 */
export function apiTabRules(grant: ApiTabGrant, firstId: number): Rule[] {
  const api = new URL(grant.apiBaseUrl);
  const wsScheme = api.protocol === 'https:' ? 'wss:' : 'ws:';
  const action = setHeaders(grant.headers);
  return [
    {
      id: firstId,
      priority: 1,
      action,
      condition: {
        tabIds: [grant.tabId],
        urlFilter: `|${api.origin}/`,
        resourceTypes: ['main_frame'],
        requestMethods: ['get'],
      },
    },
    {
      id: firstId + 1,
      priority: 1,
      action,
      condition: {
        tabIds: [grant.tabId],
        urlFilter: `|${api.origin}/`,
        initiatorDomains: [api.hostname],
        resourceTypes: SUB_RESOURCE_TYPES,
      },
    },
    {
      id: firstId + 2,
      priority: 1,
      action,
      condition: {
        tabIds: [grant.tabId],
        urlFilter: `|${wsScheme}//${api.host}/`,
        initiatorDomains: [api.hostname],
        resourceTypes: ['websocket'],
      },
    },
  ];
}

export interface WebAppGrant {
  profileId: string;
  apiBaseUrl: string;
  /** Origins of the broker's own web app, e.g. https://app.broker.com. */
  webAppOrigins: string[];
  headers: RequestHeader[];
}

/**
 * The rules for a profile's broker web app: the API's sub-requests and WebSocket handshakes that
 * the listed web-app hosts initiate, in any tab. Never navigations (a link anywhere would carry
 * the token), never another initiator (so not the extension's own sign-in requests either).
 */
export function webAppRules(grant: WebAppGrant, firstId: number): Rule[] {
  const api = new URL(grant.apiBaseUrl);
  const wsScheme = api.protocol === 'https:' ? 'wss:' : 'ws:';
  const initiatorDomains = [...new Set(grant.webAppOrigins.map((origin) => new URL(origin).hostname))];
  const action = setHeaders(grant.headers);
  return [
    {
      id: firstId,
      priority: 1,
      action,
      condition: { urlFilter: `|${api.origin}/`, initiatorDomains, resourceTypes: SUB_RESOURCE_TYPES },
    },
    {
      id: firstId + 1,
      priority: 1,
      action,
      condition: { urlFilter: `|${wsScheme}//${api.host}/`, initiatorDomains, resourceTypes: ['websocket'] },
    },
  ];
}

/**
 * How many grants of each kind get rules: together at most 4,800 rules, inside Chrome's (and
 * Firefox's) limit of 5,000 session rules, and far inside our id ranges. 500 profiles with a web
 * app each take 1,000.
 */
export const WEB_APP_SLOTS = 1_500;
export const API_TAB_SLOTS = 600;

/** The slot tables the rules were built with, to be kept for the next rebuild (rule-slots.ts). */
export interface RuleSlots {
  apiTabs: SlotTable;
  webApps: SlotTable;
}

/**
 * The complete set of our session rules for the given grants. Each grant's ids come from its slot
 * (rule-slots.ts): the slots held before are kept, so a grant that comes, goes or changes its token
 * touches its own rules only. Without `held`, slots are given in tab-id and profile-id order.
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

/** The rules for the given grants, slots given afresh (see `planRules`). */
export function buildRules(apiTabs: ApiTabGrant[], webApps: WebAppGrant[] = []): Rule[] {
  return planRules(apiTabs, webApps).rules;
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
