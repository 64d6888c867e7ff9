import { brokers, type BrokerId } from '../../brokers/index.ts';
import { verdictOf } from '../../brokers/verdict.ts';
import { browser, type WebRequest } from '../../shared/browser.ts';
import { pathBelowApi } from '../header-rules/api-scope.ts';
import { readProfiles } from '../profiles/store.ts';
import { answerRefusal } from '../refresh/refusal-response.ts';
import { isLive, usableTokens } from '../../shared/sessions/record.ts';
import { readSessions } from '../sessions/store.ts';
import { countRequest, noteRefusal } from './store.ts';

/**
 * The broker's verdict on each session, learnt from the answers to the requests that carried its
 * token: the API tab's, and those of the profile's web apps. webRequest in observation mode only
 * (nothing is blocked or changed), and it sees only the hosts the user granted. A request is the
 * session's when its `Authorization` header is exactly the one our rules attach for the token in
 * force (the browser reports the header our rule added), so an answer to a request sent with an
 * older token (a renewal since) says nothing about the current one. Bodies are never read.
 */
export interface Carrier {
  profileId: string;
  sessionId: string;
  /** Names the tokens in force (refusal-response.ts answers only a refusal of these). */
  tokensIssuedAt: number;
  broker: BrokerId;
  apiBaseUrl: string;
}

/** The `Authorization` value of each token in force → its session; rebuilt after any change. */
let carriers: Promise<Map<string, Carrier>> | undefined;

async function loadCarriers(): Promise<Map<string, Carrier>> {
  const [profiles, sessions] = await Promise.all([readProfiles(), readSessions()]);
  const now = Date.now();
  const map = new Map<string, Carrier>();
  for (const profile of profiles) {
    const record = sessions[profile.id];
    const tokens = usableTokens(record, now);
    // usableTokens implies a live record; isLive says so to the type checker.
    if (!tokens || !isLive(record)) continue;
    const authorization = brokers[profile.broker]
      .requestHeaders(profile, tokens)
      .find((header) => header.name.toLowerCase() === 'authorization')?.value;
    if (authorization === undefined) continue;
    map.set(authorization, {
      profileId: profile.id,
      sessionId: record.sessionId,
      tokensIssuedAt: record.tokensIssuedAt,
      broker: profile.broker,
      apiBaseUrl: profile.apiBaseUrl,
    });
  }
  return map;
}

/** Requests of a session between their headers and their answer, by request id. */
interface Watched {
  carrier: Carrier;
  path: string;
}
const watched = new Map<string, Watched>();
/** A page that never finishes its requests cannot grow this without bound. */
const MAX_WATCHED = 2_000;

/**
 * Events are handled one after another, in the order they came: a request's headers are always
 * matched before its answer, even while the carriers are being (re)loaded.
 */
let queue: Promise<void> = Promise.resolve();
const inOrder = (step: () => Promise<void> | void) => {
  queue = queue.then(step).catch(() => undefined);
};

function onSendHeaders(details: WebRequest.OnSendHeadersDetailsType): void {
  // The worker's own requests (tab -1: sign-in, renewal) are answered where they are sent.
  if (details.tabId < 0) return;
  const authorization = details.requestHeaders?.find(
    (header) => header.name.toLowerCase() === 'authorization',
  );
  if (!authorization?.value) return;
  const value = authorization.value;
  const at = Date.now();
  inOrder(async () => {
    carriers ??= loadCarriers();
    const carrier = (await carriers).get(value);
    if (!carrier) return;
    const path = pathBelowApi(details.url, carrier.apiBaseUrl);
    if (path === undefined) return;
    if (watched.size >= MAX_WATCHED) watched.delete(watched.keys().next().value!);
    watched.set(details.requestId, { carrier, path });
    await countRequest(carrier.profileId, carrier.sessionId, at);
  });
}

function onHeadersReceived(details: WebRequest.OnHeadersReceivedDetailsType): void {
  if (details.tabId < 0) return;
  const { requestId, statusCode: status } = details;
  const at = Date.now();
  inOrder(async () => {
    const request = watched.get(requestId);
    // A redirect's next hop is sent (and matched) again under the same id.
    watched.delete(requestId);
    if (!request) return;
    const { carrier, path } = request;
    if (status === 401 || status === 403)
      await noteRefusal(carrier.profileId, carrier.sessionId, { at, status, path });
    // Not awaited: a renewal takes a round trip, and the events behind it must not wait for it.
    if (verdictOf(carrier.broker, status, path) === 'refused') void answerRefusal(carrier);
  });
}

function onEnded(details: { requestId: string }): void {
  inOrder(() => {
    watched.delete(details.requestId);
  });
}

/** Registered at the worker's top level with the other listeners. */
export function watchTraffic(): void {
  // WebSocket handshakes too: Volven's quote stream carries the token on its upgrade request.
  const filter = { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] };
  browser.webRequest.onSendHeaders.addListener(onSendHeaders, filter, ['requestHeaders']);
  browser.webRequest.onHeadersReceived.addListener(onHeadersReceived, filter);
  browser.webRequest.onErrorOccurred.addListener(onEnded, filter);
  // Any change of sessions or profiles may change the tokens in force: match against them anew.
  browser.storage.onChanged.addListener((changes, area) => {
    if ((area === 'session' && 'sessions' in changes) || (area === 'local' && 'profiles' in changes))
      carriers = undefined;
    if (area === 'managed') carriers = undefined;
  });
}
