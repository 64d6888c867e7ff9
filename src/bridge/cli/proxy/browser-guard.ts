/**
 * The proxy attaches the user's token to whatever reaches its port, and any web page the user has
 * open can send requests to 127.0.0.1: a form or fetch() from another site (to place an order,
 * say: no need to read the answer), or a site that rebinds its own name to 127.0.0.1 to read the
 * answers too. Programs send neither of the headers that give a browser's request away; pages
 * cannot help sending them. So a request is refused when:
 * - its Host is not the proxy's own loopback address (DNS rebinding), or
 * - it has an Origin other than the proxy's own, or Sec-Fetch-Site says another site sent it
 *   (a page the proxy served itself, such as the API's own HTML, stays usable).
 */
import type { IncomingMessage } from 'node:http';

const SAME_PLACE = new Set(['same-origin', 'none']);

/** The Host values that name this proxy: its address and `localhost`, with its port. */
export function ownHosts(address: string, port: number): Set<string> {
  const hosts = [`localhost:${port}`, address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`];
  return new Set(hosts);
}

/** Why a request must be refused, or undefined when it is a program's. */
export function browserRefusal(request: IncomingMessage, hosts: Set<string>): string | undefined {
  const host = request.headers.host?.toLowerCase();
  if (!host || !hosts.has(host)) return 'The Host header does not name this proxy.';
  const origin = request.headers.origin;
  if (origin !== undefined && !hosts.has(origin.toLowerCase().replace(/^https?:\/\//, ''))) {
    return 'Requests from web pages are refused.';
  }
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && !SAME_PLACE.has(site)) return 'Requests from web pages are refused.';
  return undefined;
}
