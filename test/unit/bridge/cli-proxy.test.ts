// `broker-sessions proxy` as a child process, between a fake host (the browser) and a small
// local HTTP server standing in for the broker's API.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { tokenPrint } from '../../../src/bridge/token-print.ts';
import type { BridgeHeaders, BridgeReply } from '../../../src/shared/bridge-protocol.ts';
import { startFakeHost } from './support/fake-host.ts';
import type { FakeHost, HeadersRequest } from './support/fake-host.ts';
import { sessionHeaders, tempPlace } from './support/fixtures.ts';
import { call, sha256, startProxyChild } from './support/http.ts';
import type { ProxyChild } from './support/http.ts';
import { runCli } from './support/run-ts.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  bodySha: string;
  bodyLength: number;
}

let place: ReturnType<typeof tempPlace>;
let api: Server;
let apiBase: string;
let host: FakeHost;
let proxy: ProxyChild;
/** What the API received, in order. */
let seen: Seen[] = [];
/** Tokens the API accepts. */
let accepted = new Set<string>();
/** The session the fake extension hands out, and what it does on a renewal request. */
let session: BridgeHeaders;
let onStale: ((request: HeadersRequest) => BridgeReply) | undefined;
let refusal: BridgeReply | undefined;

function apiHandler(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    seen.push({
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      bodySha: sha256(body),
      bodyLength: body.length,
    });
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!accepted.has(token)) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end('{"errors":[{"code":"1.2.0.1"}]}');
    }
    if (req.url!.includes('/download')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return Readable.from(bigChunks(5)).pipe(res);
    }
    res.writeHead(201, {
      'content-type': 'application/json',
      'set-cookie': 'api=1',
      'x-api': 'yes',
      connection: 'keep-alive',
    });
    res.end(JSON.stringify({ url: req.url, length: body.length }));
  });
}

/** `mib` MiB of varied bytes, in 64 KiB chunks. */
function* bigChunks(mib: number): Generator<Buffer> {
  for (let i = 0; i < mib * 16; i += 1) yield Buffer.alloc(64 * 1024, i % 251);
}
const bigBody = (mib: number) => Buffer.concat([...bigChunks(mib)]);

beforeAll(async () => {
  place = tempPlace('bs-proxy-');
  api = createServer(apiHandler);
  const wss = new WebSocketServer({ noServer: true });
  api.on('upgrade', (req, socket, head) => {
    if (req.headers.authorization !== `Bearer ${session.accessToken}`) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(`hello ${req.url}`);
      ws.on('message', (data: Buffer) => ws.send(`echo ${data.toString()}`));
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}/proftrading/rest`;
  session = sessionHeaders('token-A', apiBase);
  accepted = new Set(['token-A']);
  host = await startFakeHost({
    dir: place.runDir,
    headers: (request) => {
      if (request.profile !== 'TE demo')
        return { ok: false, error: { code: 'unknown-profile', message: 'No such profile.' } };
      if (refusal) return refusal;
      if (request.staleTokenPrint && onStale) return onStale(request);
      return { ok: true, value: session };
    },
  });
  proxy = await startProxyChild(['TE demo', '--verbose'], { BROKER_SESSIONS_RUNTIME_DIR: place.runDir });
});

afterAll(async () => {
  await proxy?.stop();
  await host?.close();
  await new Promise((resolve) => api?.close(resolve));
  place.remove();
});

beforeEach(() => {
  seen = [];
  onStale = undefined;
  refusal = undefined;
});

const headerRequests = () =>
  host.requests.filter((request) => request.type === 'headers') as HeadersRequest[];

/** A new session from the extension, announced as extensions do. */
async function renewTo(token: string): Promise<void> {
  session = sessionHeaders(token, apiBase);
  accepted = new Set([token]);
  host.changed();
  await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('proxy', () => {
  it('says where it listens and for what, on stderr and as JSON', () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(proxy.apiBaseUrl).toBe(apiBase);
    expect(proxy.stderr()).toContain(`Proxy for TE demo on ${proxy.url} → ${apiBase}`);
  });

  it('forwards method, path, query and body under the base path, with the session’s headers only', async () => {
    const answer = await call(`${proxy.url}accounts/42?x=1&y=%20`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer client-token',
        cookie: 'other-local-app=secret',
        'x-custom': 'kept',
        connection: 'keep-alive, x-hop',
        'x-hop': 'dropped',
        'content-type': 'application/json',
      },
      body: '{"qty":3}',
    });
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body.toString())).toEqual({
      url: '/proftrading/rest/accounts/42?x=1&y=%20',
      length: 9,
    });
    expect(answer.headers['x-api']).toBe('yes');
    expect(answer.headers['set-cookie']).toBeUndefined();
    const [request] = seen;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/proftrading/rest/accounts/42?x=1&y=%20',
      bodyLength: 9,
    });
    expect(request!.headers).toMatchObject({
      authorization: 'Bearer token-A',
      host: new URL(apiBase).host,
      'x-custom': 'kept',
      'content-type': 'application/json',
    });
    expect(request!.headers.cookie).toBeUndefined();
    expect(request!.headers['x-hop']).toBeUndefined();
  });

  it('passes the API’s own errors through as they are', async () => {
    accepted = new Set(); // every token refused: 401, retried once, then passed on
    onStale = () => ({ ok: true, value: session });
    const answer = await call(`${proxy.url}whoami`);
    expect(answer.status).toBe(401);
    expect(answer.body.toString()).toBe('{"errors":[{"code":"1.2.0.1"}]}');
    expect(seen).toHaveLength(2);
    accepted = new Set([session.accessToken]);
  });

  it('on a 401 asks for a renewal with the refused token’s print, and sends the request again once', async () => {
    const before = headerRequests().length;
    accepted = new Set(['token-B']); // the API forgot token-A
    onStale = (request) => {
      expect(request.staleTokenPrint).toBe(tokenPrint('token-A'));
      session = sessionHeaders('token-B', apiBase);
      return { ok: true, value: session };
    };
    const answer = await call(`${proxy.url}orders`, { method: 'POST', body: 'buy 3' });
    expect(answer.status).toBe(201);
    expect(seen.map((request) => [request.headers.authorization, request.bodyLength])).toEqual([
      ['Bearer token-A', 5],
      ['Bearer token-B', 5],
    ]);
    expect(headerRequests().slice(before)).toEqual([
      expect.objectContaining({ profile: 'TE demo', staleTokenPrint: tokenPrint('token-A') }),
    ]);
    // The renewed headers are kept: the next request needs no new question.
    await call(`${proxy.url}whoami`);
    expect(headerRequests()).toHaveLength(before + 1);
    expect(seen[2]!.headers.authorization).toBe('Bearer token-B');
  });

  it('drops its copy on `changed`: the next request carries the new token, asked for once for many', async () => {
    await renewTo('token-C');
    const before = headerRequests().length;
    const answers = await Promise.all(Array.from({ length: 8 }, () => call(`${proxy.url}whoami`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    expect(seen.every((request) => request.headers.authorization === 'Bearer token-C')).toBe(true);
    expect(headerRequests()).toHaveLength(before + 1);
  });

  it('answers 503 with the extension’s code when there is no session, and keeps that until `changed`', async () => {
    refusal = { ok: false, error: { code: 'signed-out', message: 'TE demo is signed out.' } };
    host.changed();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = headerRequests().length;
    const answers = [await call(`${proxy.url}whoami`), await call(`${proxy.url}whoami`)];
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body.toString())).toEqual({
        error: 'signed-out',
        message: 'TE demo is signed out.',
      });
    }
    expect(headerRequests()).toHaveLength(before + 1); // no new question per request
    expect(seen).toHaveLength(0);
    refusal = undefined;
    await renewTo('token-D');
    expect((await call(`${proxy.url}whoami`)).status).toBe(201);
  });

  it('refuses paths that leave the base path, and absolute URLs, with 400', async () => {
    for (const path of ['/../x', '/%2e%2E/x', '/a/..%2f..%2fadmin', '/a/%2e%2e%5cb', '/%zz', '/a\\b']) {
      const answer = await rawRequest(`GET ${path} HTTP/1.1\r\nHost: ${new URL(proxy.url).host}\r\n\r\n`);
      expect({ path, status: answer.split(' ')[1] }).toEqual({ path, status: '400' });
    }
    const absolute = await rawRequest(
      `GET http://example.com/ HTTP/1.1\r\nHost: ${new URL(proxy.url).host}\r\n\r\n`,
    );
    expect(absolute.split(' ')[1]).toBe('400');
    expect(seen).toHaveLength(0);
  });

  it('refuses requests of web pages: a foreign Origin or Host, or a cross-site fetch', async () => {
    const own = new URL(proxy.url).host;
    const cases: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { host: 'evil.example' }, // DNS rebinding
    ];
    for (const headers of cases) {
      const answer = await call(`${proxy.url}whoami`, { headers });
      expect({ headers, status: answer.status }).toEqual({ headers, status: 403 });
    }
    const sameOrigin = await call(`${proxy.url}whoami`, {
      headers: { origin: `http://${own}`, 'sec-fetch-site': 'same-origin' },
    });
    expect(sameOrigin.status).toBe(201);
    expect(seen).toHaveLength(1);
  });

  it('streams large bodies both ways (no retry for a large upload)', async () => {
    const upload = bigBody(5);
    const answer = await call(`${proxy.url}upload`, { method: 'PUT', body: Readable.from(bigChunks(5)) });
    expect(answer.status).toBe(201);
    expect(seen[0]).toMatchObject({ bodyLength: upload.length, bodySha: sha256(upload) });
    const download = await call(`${proxy.url}download`);
    expect(download.body.length).toBe(5 * 1024 * 1024);
    expect(sha256(download.body)).toBe(sha256(bigBody(5)));

    accepted = new Set(); // refused: a 5 MiB body was not kept, so the 401 comes through
    const refused = await call(`${proxy.url}upload`, { method: 'PUT', body: upload });
    expect(refused.status).toBe(401);
    expect(seen).toHaveLength(3);
    accepted = new Set([session.accessToken]);
  });

  it('passes WebSocket upgrades through with the session’s headers', async () => {
    const ws = new WebSocket(`${proxy.url.replace('http', 'ws')}quotes?s=EURUSD`);
    const messages: string[] = [];
    ws.on('message', (data: Buffer) => {
      messages.push(data.toString());
      if (messages.length === 1) ws.send('ping');
    });
    await new Promise<void>((resolve, reject) => {
      ws.on('error', reject);
      const check = setInterval(() => {
        if (messages.length < 2) return;
        clearInterval(check);
        resolve();
      }, 20);
    });
    ws.close();
    expect(messages).toEqual(['hello /proftrading/rest/quotes?s=EURUSD', 'echo ping']);

    const foreign = new WebSocket(`${proxy.url.replace('http', 'ws')}quotes`, {
      origin: 'https://evil.example',
    });
    const status = await new Promise((resolve) =>
      foreign.on('unexpected-response', (_, res) => resolve(res.statusCode)),
    );
    expect(status).toBe(403);
  });

  it('opens the connection to the browser again after it went away', async () => {
    host.dropClients();
    await vi.waitFor(() => expect(host.clientCount()).toBe(0));
    expect((await call(`${proxy.url}whoami`)).status).toBe(201);
    expect(host.clientCount()).toBe(1);
  });

  it('logs one line per request with --verbose, never a token or a query', () => {
    expect(proxy.stderr()).toMatch(/broker-sessions proxy: POST \/accounts\/42 → 201 \(\d+ ms\)\n/);
    expect(proxy.stderr()).toMatch(/GET \/\.\.\/x → 400/);
    for (const token of ['token-A', 'token-B', 'token-C', 'token-D'])
      expect(proxy.stderr()).not.toContain(token);
    expect(proxy.stderr()).not.toContain('x=1');
  });

  it('stops on SIGTERM with exit 0', async () => {
    expect(await proxy.stop()).toBe(0);
  });
});

describe('proxy start', () => {
  it('fails at once, with the extension’s code, when the profile is unknown', async () => {
    const run = await runCli(['proxy', 'nobody'], { BROKER_SESSIONS_RUNTIME_DIR: place.runDir });
    expect(run.code).toBe(4);
    expect(run.stderr).toBe('broker-sessions: No such profile. (unknown-profile)\n');
  });
});

/** Sends a request line as written (Node's client would normalise it) and returns the status line. */
function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(proxy.url);
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', reject);
  });
}
