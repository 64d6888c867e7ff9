import type { BrokerProfile, ProtocolDeps } from '../../../src/brokers/types.ts';

/** What a protocol sent, read back from the `fetch` call (header names lower-case). */
export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export type Reply = Response | Error | (() => Response | Promise<Response>);

/** A `fetch` stand-in that answers from a queue (the last reply repeats) and records every call. */
export function fakeFetch(...replies: Reply[]) {
  const sent: SentRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
    sent.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers,
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    const reply = replies.length > 1 ? replies.shift() : replies[0];
    if (reply instanceof Error) throw reply;
    if (typeof reply === 'function') return reply();
    if (reply === undefined) throw new Error('no reply queued');
    return reply;
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers });
}

export const NOW = Date.UTC(2025, 8, 22, 12, 0, 0);

export function deps(fetch: typeof globalThis.fetch, extra: Partial<ProtocolDeps> = {}): ProtocolDeps {
  return { fetch, now: () => NOW, ...extra };
}

export const profiles = {
  volven: { broker: 'volven', apiBaseUrl: 'https://api.volven.test' },
  etna: { broker: 'etna', apiBaseUrl: 'https://etna.test/api/', appKey: 'app-key-1' },
  traderevolution: { broker: 'traderevolution', apiBaseUrl: 'https://te.test:8443/proftrading/rest' },
} satisfies Record<string, BrokerProfile>;

/** An unsigned JWT with the given `exp` (seconds). */
export function jwt(exp: unknown): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'u', exp })}.c2lnbmF0dXJl`;
}
