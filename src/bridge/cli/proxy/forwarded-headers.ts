/**
 * Which headers cross the proxy. Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection
 * and never cross; the session's headers replace whatever the client sent under those names;
 * cookies cross in neither direction (see COOKIE_HEADERS).
 */

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Cookies for 127.0.0.1 are shared by every port of the machine, so a browser would hand the proxy
 * other local services' cookies, and the API's Set-Cookie would land on all of them. The session
 * is the bearer token; a program that needs cookies talks to the API itself.
 */
const COOKIE_HEADERS = new Set(['cookie', 'set-cookie', 'set-cookie2']);

/** Node's flat [name, value, name, value, …] list, as rawHeaders gives it and writeHead takes it. */
export type RawHeaders = string[];

/** Names the Connection header lists are hop-by-hop for this message too. */
function connectionListed(raw: RawHeaders): Set<string> {
  const listed = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== 'connection') continue;
    for (const name of raw[i + 1]!.split(',')) listed.add(name.trim().toLowerCase());
  }
  return listed;
}

function filter(raw: RawHeaders, drop: (name: string) => boolean): RawHeaders {
  const listed = connectionListed(raw);
  const out: RawHeaders = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(name) || listed.has(name) || COOKIE_HEADERS.has(name) || drop(name)) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

/** Headers as Node's http.request takes them (Node 20 takes no flat list there): repeated names as arrays. */
export type HeaderObject = Record<string, string | string[]>;

function toObject(raw: RawHeaders): HeaderObject {
  const out: HeaderObject = {};
  const keys = new Map<string, string>(); // lower case → the spelling seen first
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    const key = keys.get(lower) ?? raw[i]!;
    keys.set(lower, key);
    const before = out[key];
    out[key] =
      before === undefined ? raw[i + 1]! : [...(Array.isArray(before) ? before : [before]), raw[i + 1]!];
  }
  return out;
}

/**
 * The request's headers for the API: the client's, less hop-by-hop, cookies, Host (Node sets the
 * API's), Expect, and any header the session sets (Authorization above all), then the session's.
 */
export function upstreamRequestHeaders(raw: RawHeaders, session: Record<string, string>): HeaderObject {
  const sessionNames = new Set(Object.keys(session).map((name) => name.toLowerCase()));
  // Expect: 100-continue was answered by the proxy's own server before the body came in.
  const dropped = (name: string) =>
    name === 'host' || name === 'authorization' || name === 'expect' || sessionNames.has(name);
  const out = filter(raw, dropped);
  for (const [name, value] of Object.entries(session)) out.push(name, value);
  return toObject(out);
}

/** A WebSocket handshake keeps its Connection and Upgrade headers: they are what it asks for. */
export function upgradeRequestHeaders(raw: RawHeaders, session: Record<string, string>): HeaderObject {
  return { ...upstreamRequestHeaders(raw, session), Connection: 'Upgrade', Upgrade: 'websocket' };
}

/** The API's answer for the client, less hop-by-hop and cookies. */
export const downstreamResponseHeaders = (raw: RawHeaders): RawHeaders => filter(raw, () => false);

/** The 101 answer to a handshake: Connection and Upgrade stay, cookies go. */
export function upgradeResponseHeaders(raw: RawHeaders): RawHeaders {
  const out: RawHeaders = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (!COOKIE_HEADERS.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}
