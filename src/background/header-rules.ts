import type { RequestHeader } from '../brokers/types.ts';
import type { DeclarativeNetRequest } from '../shared/browser.ts';

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

/** The complete set of our session rules for the given grants, with stable ids. */
export function buildRules(apiTabs: ApiTabGrant[], webApps: WebAppGrant[] = []): Rule[] {
  const tabs = [...apiTabs].sort((a, b) => a.tabId - b.tabId);
  const apps = webApps
    .filter((grant) => grant.webAppOrigins.length > 0)
    // Code-unit order, not localeCompare: ICU collation costs ~10 ms for 500 profiles.
    .sort((a, b) => (a.profileId < b.profileId ? -1 : a.profileId > b.profileId ? 1 : 0));
  return [
    ...tabs.flatMap((grant, index) => apiTabRules(grant, API_TAB_RULE_IDS.first + index * RULES_PER_API_TAB)),
    ...apps.flatMap((grant, index) => webAppRules(grant, WEB_APP_RULE_IDS.first + index * RULES_PER_WEB_APP)),
  ];
}

export const isOurRuleId = (id: number) =>
  (id >= API_TAB_RULE_IDS.first && id <= API_TAB_RULE_IDS.last) ||
  (id >= WEB_APP_RULE_IDS.first && id <= WEB_APP_RULE_IDS.last);
