import { browser, type WebRequest } from '../../shared/browser.ts';

/**
 * Where the broker's API redirected one of the worker's own auth requests. The broker protocols
 * never follow a redirect (`redirect: 'manual'`), and a browser then hands fetch an opaque answer
 * without its Location header; the response's own headers, observed here (webRequest, observation
 * only, for the hosts the user granted), still say where it pointed, so the user can be told which
 * host the API sent them to. Only the target URL is kept, for a few seconds, never a body or a
 * request header.
 */
const KEEP_MS = 10_000;
const seen = new Map<string, { location: string; at: number }>();
const waiting = new Map<string, (location: string) => void>();

function onHeadersReceived(details: WebRequest.OnHeadersReceivedDetailsType): void {
  if (details.statusCode < 300 || details.statusCode > 399) return;
  const location = details.responseHeaders?.find((header) => header.name.toLowerCase() === 'location')?.value;
  if (!location) return;
  const now = Date.now();
  for (const [url, entry] of seen) if (now - entry.at > KEEP_MS) seen.delete(url);
  seen.set(details.url, { location, at: now });
  waiting.get(details.url)?.(location);
}

/** Registered at the worker's top level with the other listeners. */
export function watchRedirects(): void {
  // Firefox and Chromium both report the worker's (or event page's) own requests as tab -1.
  browser.webRequest.onHeadersReceived.addListener(
    onHeadersReceived,
    { urls: ['http://*/*', 'https://*/*'], tabId: -1 },
    ['responseHeaders'],
  );
}

/**
 * The Location that answered `url`, waiting up to `waitMs` for the observation: the event and
 * fetch's own answer reach the worker by different paths, in either order.
 */
export function redirectTargetOf(url: string, waitMs = 1_000): Promise<string | undefined> {
  const known = seen.get(url);
  if (known) {
    seen.delete(url);
    return Promise.resolve(known.location);
  }
  return new Promise((resolve) => {
    const done = (location: string | undefined) => {
      clearTimeout(timer);
      waiting.delete(url);
      seen.delete(url);
      resolve(location);
    };
    const timer = setTimeout(() => done(undefined), waitMs);
    waiting.set(url, done);
  });
}
