/**
 * Where a profile's token may go: the API base URL's origin AND its path (ETNA `…/api`,
 * TraderEvolution `…/proftrading/rest`), not the whole host. Pure, shared by the header rules and
 * the API tab's guard so that both agree on one definition.
 */
export interface ApiScope {
  /** DNR urlFilter for http(s) requests inside the scope, e.g. `|https://host:8443/proftrading/rest/`. */
  httpFilter: string;
  /** The same for the WebSocket twin (`ws:` / `wss:`). */
  wsFilter: string;
  /** The API's hostname, for `initiatorDomains`. */
  hostname: string;
}

/**
 * DNR's urlFilter gives `*`, `^` and `|` meanings of their own; a base URL holding one (the
 * profile validation refuses them) is written percent-encoded, so its filter fails closed.
 */
const escapeFilter = (text: string) =>
  text.replace(/[*^|]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

/** The base URL's path with exactly one trailing slash: `/`, `/api/`, `/proftrading/rest/`. */
function scopePath(url: URL): string {
  return `${url.pathname.replace(/\/+$/, '')}/`;
}

export function apiScope(apiBaseUrl: string): ApiScope {
  const api = new URL(apiBaseUrl);
  const wsScheme = api.protocol === 'https:' ? 'wss:' : 'ws:';
  const path = escapeFilter(scopePath(api));
  return {
    httpFilter: `|${api.origin}${path}`,
    wsFilter: `|${wsScheme}//${api.host}${path}`,
    hostname: api.hostname,
  };
}

/** Whether a page's URL lies inside the API's scope (same origin, under the base path). */
export function isInApiScope(pageUrl: string, apiBaseUrl: string): boolean {
  let page: URL;
  let api: URL;
  try {
    page = new URL(pageUrl);
    api = new URL(apiBaseUrl);
  } catch {
    return false;
  }
  return page.origin === api.origin && `${page.pathname}`.startsWith(scopePath(api));
}

/**
 * The path of a request below the API base URL (`/v1.0/accounts` for
 * `https://host/api/v1.0/accounts?x=1` with the base `https://host/api`), without its query;
 * undefined outside the scope. A WebSocket URL counts as its HTTP twin (`wss:` as `https:`), as the
 * header rules treat it.
 */
export function pathBelowApi(requestUrl: string, apiBaseUrl: string): string | undefined {
  let request: URL;
  let api: URL;
  try {
    request = new URL(requestUrl.replace(/^ws(s?):/i, 'http$1:'));
    api = new URL(apiBaseUrl);
  } catch {
    return undefined;
  }
  const base = scopePath(api);
  if (request.origin !== api.origin || !request.pathname.startsWith(base)) return undefined;
  return request.pathname.slice(base.length - 1);
}
