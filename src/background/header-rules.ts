import type { RequestHeader } from '../brokers/types.ts';
import type { DeclarativeNetRequest } from '../shared/browser.ts';

type Rule = DeclarativeNetRequest.Rule;
type ResourceType = DeclarativeNetRequest.ResourceType;

/** Fixed id ranges, so a rebuild knows which session rules are ours to replace. */
export const API_TAB_RULE_IDS = { first: 1, last: 99_999 } as const;
const RULES_PER_API_TAB = 3;

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

/** The complete set of our session rules for the given grants, with stable ids. */
export function buildRules(grants: ApiTabGrant[]): Rule[] {
  const ordered = [...grants].sort((a, b) => a.tabId - b.tabId);
  return ordered.flatMap((grant, index) =>
    apiTabRules(grant, API_TAB_RULE_IDS.first + index * RULES_PER_API_TAB),
  );
}

export const isOurRuleId = (id: number) => id >= API_TAB_RULE_IDS.first && id <= API_TAB_RULE_IDS.last;
