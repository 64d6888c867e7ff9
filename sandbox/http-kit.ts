import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler gets: the parsed URL is computed once by the server. */
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
}

export type Handler = (ctx: Ctx) => Promise<void> | void;

export interface Route {
  method: string | string[];
  /** Exact pathname, or a prefix when it ends with `*`. */
  path: string;
  handler: Handler;
}

/** Picks the route; a path that exists with another method is told apart (405) from no path (404). */
export function matchRoute(
  routes: Route[],
  method: string,
  pathname: string,
): Handler | 'wrong-method' | undefined {
  let pathMatched = false;
  for (const r of routes) {
    const hit = r.path.endsWith('*') ? pathname.startsWith(r.path.slice(0, -1)) : pathname === r.path;
    if (!hit) continue;
    pathMatched = true;
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    if (methods.includes(method)) return r.handler;
  }
  return pathMatched ? 'wrong-method' : undefined;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
) {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export class BodyTooLarge extends Error {}

/** Reads the whole body as UTF-8; the sandbox's bodies are tiny, so 1 MB is a generous cap. */
export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) throw new BodyTooLarge('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON object body, or undefined for anything else (not JSON, an array, a string...). */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const text = await readBody(req);
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** First value of a request header (names are case-insensitive; Node lower-cases them). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The token of `Authorization: Bearer <token>` (scheme case-insensitive), if any. */
export function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
  return match?.[1];
}

/** Headers as recorded: lower-case names, repeated values joined. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Et-App-Key',
  'Username',
  'Password',
  'VerificationCode',
  'PinCode',
  'token',
];

/**
 * Permissive CORS on every broker endpoint: browser pages on other origins must be able to reach
 * the server, because the e2e tests check that the extension does NOT attach the token to them,
 * and that is only observable if the request arrives. `Authorization` is exposed for Volven's login.
 * Max-Age 0: every preflight reaches the server, so tests that count them are deterministic.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = header(req, 'origin');
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'Authorization, Retry-After');
  if (req.method === 'OPTIONS') {
    const requested = (header(req, 'access-control-request-headers') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h.length > 0);
    const allowed = [...new Set([...ALLOWED_HEADERS, ...requested])];
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', allowed.join(', '));
    res.setHeader('Access-Control-Max-Age', '0');
    if (header(req, 'access-control-request-private-network') === 'true') {
      res.setHeader('Access-Control-Allow-Private-Network', 'true');
    }
  }
}

/** One broker's HTTP behaviour; the server adds recording, CORS, faults and control around it. */
export interface BrokerModule {
  handle(ctx: Ctx): Promise<void>;
  /** Body of a '429' fault, in that broker's error shape. */
  tooManyBody(pathname: string): unknown;
}

/** The whoami body shared by the brokers: enough to tell whose token arrived, never the whole token. */
export function whoamiBody(broker: string, username: string, token: string) {
  return { broker, username, token: `${token.slice(0, 8)}…` };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page at each base URL ("Open API" lands here): a person sees at a glance whether the
 * extension's token arrived, and where to go next. Token presence only, never its value.
 */
export function sendIndexPage(
  ctx: Ctx,
  title: string,
  links: string[],
  signedInAs: string | undefined,
): void {
  const status = signedInAs
    ? `<p id="status">Signed in as <strong>${escapeHtml(signedInAs)}</strong> (a valid bearer token came with this request).</p>`
    : '<p id="status">No valid bearer token came with this request.</p>';
  const items = links.map((l) => `<li><a href="${escapeHtml(l)}">${escapeHtml(l)}</a></li>`).join('');
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${status}<ul>${items}</ul></body></html>`;
  sendText(ctx.res, 200, html, 'text/html; charset=utf-8');
}
