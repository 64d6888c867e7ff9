/**
 * Where a proxied request goes: the request's path and query appended to the API base URL's path.
 * The base path is the boundary (the token is for that API, `https://host/api/…`, not the whole
 * host), so a path that would climb out of it with `..` is refused, however it is spelled.
 */

export interface ApiTarget {
  /** `http:` or `https:`. */
  protocol: string;
  hostname: string;
  port: number;
  /** Base path + request path + query, as sent on the request line. */
  path: string;
  /** The host header the API expects: host, and port when not the scheme's default. */
  host: string;
}

export class TargetError extends Error {
  override readonly name = 'TargetError';
}

/** `..` in any spelling a server might decode: %2e%2e, and behind an encoded slash or backslash. */
function climbs(segment: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new TargetError('The path has a malformed percent-escape.');
  }
  return decoded.split(/[/\\]/).some((part) => part === '..');
}

/** A request's path and query, checked: safe to append to any base path. */
export interface RequestPath {
  path: string;
  /** With its "?", or empty. */
  query: string;
}

/** Checks the request line's target before anything is asked of the browser. */
export function requestPath(requestUrl: string): RequestPath {
  // Origin-form only: an absolute URL ("GET http://other/ HTTP/1.1") would make us a proxy to anywhere.
  if (!requestUrl.startsWith('/')) throw new TargetError('Only a path can be requested, not a URL.');
  const queryAt = requestUrl.indexOf('?');
  const path = queryAt < 0 ? requestUrl : requestUrl.slice(0, queryAt);
  const query = queryAt < 0 ? '' : requestUrl.slice(queryAt);
  if (path.includes('\\') || path.includes('#'))
    throw new TargetError('The path has a character it must not.');
  if (path.split('/').some(climbs)) throw new TargetError('The path may not leave the API base URL.');
  return { path, query };
}

/** The last base URL parsed: it changes only when the profile does, and parsing is per request. */
let parsed: { text: string; url: URL } | undefined;

function baseUrl(text: string): URL {
  if (parsed?.text !== text) parsed = { text, url: new URL(text) };
  return parsed.url;
}

export function apiTarget({ path, query }: RequestPath, apiBaseUrl: string): ApiTarget {
  const base = baseUrl(apiBaseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TargetError(`The API base URL is not http or https: ${base.protocol}`);
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  return {
    protocol: base.protocol,
    hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(base.port) || (base.protocol === 'https:' ? 443 : 80),
    path: `${basePath}${path}${query}`,
    host: base.host,
  };
}
