import { brokerError } from './errors.ts';
import { brokerText } from './messages.ts';
import type { BrokerMessageKey } from './messages.ts';
import { DEFAULT_TIMEOUT_MS } from './types.ts';
import type { BrokerError, BrokerProfile, ProtocolDeps } from './types.ts';

/** No auth answer is anywhere near this; a bigger body is a misconfigured URL or hostile. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface SendRequest {
  method: 'GET' | 'POST';
  /** Relative to the profile's API base URL, e.g. `/auth/token`. */
  path: string;
  headers?: Record<string, string>;
  /** Serialised as the JSON body; without it the request has no body (ETNA wants Content-Length 0). */
  json?: unknown;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body; `undefined` when the body is empty or not JSON. */
  data: unknown;
}

export type SendResult = { ok: true; response: HttpResponse } | { ok: false; error: BrokerError };

/**
 * Appends a path to a base URL that may carry a port, a path prefix and a trailing slash.
 * `new URL(path, base)` is not used because it drops the base's last path segment.
 */
export function joinUrl(base: string, path: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(base.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  url.search = '';
  url.hash = '';
  return url;
}

/** One request: time limit, error mapping, capped body read, safe JSON parse. Never throws. */
export async function send(
  profile: BrokerProfile,
  request: SendRequest,
  deps: ProtocolDeps,
): Promise<SendResult> {
  const url = joinUrl(profile.apiBaseUrl, request.path);
  if (url === undefined) {
    return fail(brokerError('network', brokerText('brokerBaseUrlInvalid')));
  }
  let headers: Headers;
  try {
    headers = new Headers(request.headers);
  } catch {
    // Header values must be Latin-1 without line breaks; say so instead of "could not reach".
    return fail(brokerError('bad-response', brokerText('brokerUnsendableValue')));
  }
  if (request.json !== undefined) headers.set('Content-Type', 'application/json');
  // Whole ms: Node's AbortSignal.timeout throws on a fraction (browsers truncate it).
  const timeoutMs = Math.ceil(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await deps.fetch(url.href, {
      method: request.method,
      headers,
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
      signal,
      credentials: 'omit',
      // Followed, a 307/308 would carry ETNA's Username/Password/Et-App-Key headers and every
      // JSON body on to whatever host the answer names; no auth step of any broker redirects.
      redirect: 'manual',
      // Token answers (TraderEvolution's refresh is a GET) would otherwise land in the disk cache.
      cache: 'no-store',
    });
  } catch (error) {
    return fail(transportError(error, signal, url.origin, timeoutMs, 'brokerCouldNotReachOrigin'));
  }
  if (isRedirect(response)) {
    await response.body?.cancel().catch(() => undefined);
    return fail(await redirectError(response, url, deps));
  }
  try {
    const body = await readCapped(response, signal, url.origin, timeoutMs);
    if (!body.ok) return body;
    const { status, headers: responseHeaders } = response;
    return {
      ok: true,
      response: { status, headers: responseHeaders, text: body.text, data: parseJson(body.text) },
    };
  } catch {
    // Only a `fetch` stand-in that returns something other than a Response gets here.
    return fail(brokerError('bad-response', brokerText('brokerUnreadableAnswer')));
  }
}

/** The statuses fetch would follow; 300 and 304 are answers in their own right. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Node's fetch hands back the 3xx itself; a browser an opaque-redirect answer (status 0, no headers). */
function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || REDIRECT_STATUSES.has(response.status);
}

/**
 * Names the target host: from the answer where it shows it (Node), else from the platform
 * (a browser hides it from fetch; the worker learns it from the response's own headers).
 */
async function redirectError(response: Response, from: URL, deps: ProtocolDeps): Promise<BrokerError> {
  const location =
    response.headers.get('location') ?? (await deps.redirectTarget?.(from.href).catch(() => undefined));
  let host: string | undefined;
  try {
    host = location === null || location === undefined ? undefined : new URL(location, from).host;
  } catch {
    host = undefined;
  }
  return host
    ? brokerError('redirected', brokerText('brokerRedirectedTo', host))
    : brokerError('redirected', brokerText('brokerRedirected'));
}

function fail(error: BrokerError): SendResult {
  return { ok: false, error };
}

function transportError(
  error: unknown,
  signal: AbortSignal,
  origin: string,
  timeoutMs: number,
  lead: 'brokerCouldNotReachOrigin' | 'brokerConnectionCut',
): BrokerError {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (signal.aborted || name === 'TimeoutError') {
    return brokerError('timeout', brokerText('brokerNoAnswerWithin', origin, Math.round(timeoutMs / 1000)));
  }
  return brokerError('network', brokerText(lead, origin));
}

/** Reads at most MAX_BODY_BYTES, so a huge or endless body cannot exhaust the worker's memory. */
async function readCapped(
  response: Response,
  signal: AbortSignal,
  origin: string,
  timeoutMs: number,
): Promise<{ ok: true; text: string } | { ok: false; error: BrokerError }> {
  const tooLarge = brokerError('bad-response', brokerText('brokerAnswerTooLarge'));
  if (Number(response.headers.get('content-length')) > MAX_BODY_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, error: tooLarge };
  }
  const reader = response.body?.getReader();
  if (reader === undefined) return { ok: true, text: '' };
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      size += chunk.value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, error: tooLarge };
      }
      text += decoder.decode(chunk.value, { stream: true });
    }
  } catch (error) {
    return {
      ok: false,
      error: transportError(error, signal, origin, timeoutMs, 'brokerConnectionCut'),
    };
  }
  return { ok: true, text: text + decoder.decode() };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** What was wrong with a body, without quoting it. */
function bodyProblem(response: HttpResponse): BrokerMessageKey {
  if (response.text.trim() === '') return 'brokerEmptyAnswer';
  const type = response.headers.get('content-type') ?? '';
  if (/html/i.test(type) || /^\s*<(!doctype|html|head|body)\b/i.test(response.text))
    return 'brokerWebPageAnswer';
  return response.data === undefined ? 'brokerNotJson' : 'brokerUnexpectedFormat';
}

/** A `bad-response` that says what was wrong with the body, with its status. */
export function unexpectedBody(response: HttpResponse): BrokerError {
  return brokerError('bad-response', brokerText(bodyProblem(response), response.status));
}
