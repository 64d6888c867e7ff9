import type { RequestHeader } from '../../brokers/types.ts';
import type { DeclarativeNetRequest } from '../../shared/browser.ts';
import { apiScope } from './api-scope.ts';

type Rule = DeclarativeNetRequest.Rule;
type ResourceType = DeclarativeNetRequest.ResourceType;

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

/**
 * DNR priorities: an `allow` outranks a `block` of lower priority, and a `modifyHeaders` applies
 * only above the highest matching `allow`, so the header rules sit on top.
 */
const PRIORITY = { block: 1, allow: 2, headers: 3 } as const;

export const RULES_PER_API_TAB = 5;
export const RULES_PER_WEB_APP = 2;

export interface ApiTabGrant {
  tabId: number;
  apiBaseUrl: string;
  headers: RequestHeader[];
}

export interface WebAppGrant {
  profileId: string;
  apiBaseUrl: string;
  /** Origins of the broker's own web app, e.g. https://app.broker.com. */
  webAppOrigins: string[];
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
 * - every top-level navigation of the tab that leaves the API's scope is blocked while the tab
 *   holds the session (the worker then releases the tab and reloads it: api-tabs/guard.ts). DNR
 *   cannot tell a typed URL from a navigation started by a foreign page (or a foreign server's
 *   redirect straight back), so no foreign page is ever let into a tab whose navigations carry
 *   the token; an `allow` one priority up lets the API's own scope through;
 * - the tab's top-level GET navigations inside the API's scope (typed, reload, back/forward, the
 *   API's own links); a form POST gets no header;
 * - the tab's sub-requests into the scope that the API host itself initiated;
 * - WebSocket handshakes from the API host to its ws/wss twin (Volven's quote stream).
 * `tabIds` also keeps the worker's own requests (tab -1) out: ETNA's second /token call carries
 * an interim token that a rule must never overwrite.
 */
export function apiTabRules(grant: ApiTabGrant, firstId: number): Rule[] {
  const scope = apiScope(grant.apiBaseUrl);
  const action = setHeaders(grant.headers);
  const inTab = { tabIds: [grant.tabId] };
  const inScope = { urlFilter: scope.httpFilter, isUrlFilterCaseSensitive: true };
  const topLevel: ResourceType[] = ['main_frame'];
  return [
    {
      id: firstId,
      priority: PRIORITY.block,
      action: { type: 'block' },
      condition: { ...inTab, resourceTypes: topLevel },
    },
    {
      id: firstId + 1,
      priority: PRIORITY.allow,
      action: { type: 'allow' },
      condition: { ...inTab, ...inScope, resourceTypes: topLevel },
    },
    {
      id: firstId + 2,
      priority: PRIORITY.headers,
      action,
      condition: { ...inTab, ...inScope, resourceTypes: topLevel, requestMethods: ['get'] },
    },
    {
      id: firstId + 3,
      priority: PRIORITY.headers,
      action,
      condition: {
        ...inTab,
        ...inScope,
        initiatorDomains: [scope.hostname],
        resourceTypes: SUB_RESOURCE_TYPES,
      },
    },
    {
      id: firstId + 4,
      priority: PRIORITY.headers,
      action,
      condition: {
        ...inTab,
        urlFilter: scope.wsFilter,
        isUrlFilterCaseSensitive: true,
        initiatorDomains: [scope.hostname],
        resourceTypes: ['websocket'],
      },
    },
  ];
}

/**
 * The rules for a profile's broker web app: the API's sub-requests and WebSocket handshakes that
 * the listed web-app hosts initiate, in any tab. Never navigations (a link anywhere would carry
 * the token), never another initiator (so not the extension's own sign-in requests either).
 */
export function webAppRules(grant: WebAppGrant, firstId: number): Rule[] {
  const scope = apiScope(grant.apiBaseUrl);
  const initiatorDomains = [...new Set(grant.webAppOrigins.map((origin) => new URL(origin).hostname))];
  const action = setHeaders(grant.headers);
  const common = { initiatorDomains, isUrlFilterCaseSensitive: true };
  return [
    {
      id: firstId,
      priority: PRIORITY.headers,
      action,
      condition: { ...common, urlFilter: scope.httpFilter, resourceTypes: SUB_RESOURCE_TYPES },
    },
    {
      id: firstId + 1,
      priority: PRIORITY.headers,
      action,
      condition: { ...common, urlFilter: scope.wsFilter, resourceTypes: ['websocket'] },
    },
  ];
}
