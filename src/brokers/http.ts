import { brokerError } from './errors.ts';
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
    return fail(brokerError('network', "The profile's API base URL is not a valid http(s) address."));
  }
  let headers: Headers;
  try {
    headers = new Headers(request.headers);
  } catch {
    // Header values must be Latin-1 without line breaks; say so instead of "could not reach".
    return fail(
      brokerError('bad-response', 'A value contains characters that cannot be sent to this broker.'),
    );
  }
  if (request.json !== undefined) headers.set('Content-Type', 'application/json');
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await deps.fetch(url.href, {
      method: request.method,
      headers,
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
      signal,
      credentials: 'omit',
      redirect: 'follow',
    });
  } catch (error) {
    return fail(transportError(error, signal, url.origin, timeoutMs, 'Could not reach'));
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
    return fail(brokerError('bad-response', "The broker's answer could not be read."));
  }
}

function fail(error: BrokerError): SendResult {
  return { ok: false, error };
}

function transportError(
  error: unknown,
  signal: AbortSignal,
  origin: string,
  timeoutMs: number,
  lead: string,
): BrokerError {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (signal.aborted || name === 'TimeoutError') {
    return brokerError('timeout', `${origin} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
  }
  return brokerError('network', `${lead} ${origin}. Check the address and your connection.`);
}

/** Reads at most MAX_BODY_BYTES, so a huge or endless body cannot exhaust the worker's memory. */
async function readCapped(
  response: Response,
  signal: AbortSignal,
  origin: string,
  timeoutMs: number,
): Promise<{ ok: true; text: string } | { ok: false; error: BrokerError }> {
  const tooLarge = brokerError('bad-response', 'The broker sent an answer that is too large (over 1 MB).');
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
      error: transportError(error, signal, origin, timeoutMs, 'The connection was cut while reading from'),
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

/** A `bad-response` that says what was wrong with the body, without quoting it. */
export function unexpectedBody(response: HttpResponse): BrokerError {
  const status = `HTTP ${response.status}`;
  const type = response.headers.get('content-type') ?? '';
  if (response.text.trim() === '') {
    return brokerError('bad-response', `The broker sent an empty answer (${status}).`);
  }
  if (/html/i.test(type) || /^\s*<(!doctype|html|head|body)\b/i.test(response.text)) {
    return brokerError(
      'bad-response',
      `The broker sent a web page instead of an API answer (${status}). Check the API base URL.`,
    );
  }
  if (response.data === undefined) {
    return brokerError('bad-response', `The broker's answer is not valid JSON (${status}).`);
  }
  return brokerError('bad-response', `The broker's answer is not in the expected format (${status}).`);
}
