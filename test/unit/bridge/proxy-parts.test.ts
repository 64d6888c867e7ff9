// The proxy's pure parts, and its header copy against a fake host in this process.
import type { IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserRefusal, ownHosts } from '../../../src/bridge/cli/proxy/browser-guard.ts';
import {
  downstreamResponseHeaders,
  upstreamRequestHeaders,
} from '../../../src/bridge/cli/proxy/forwarded-headers.ts';
import { HeaderSource } from '../../../src/bridge/cli/proxy/header-source.ts';
import { apiTarget, requestPath } from '../../../src/bridge/cli/proxy/target.ts';
import { tokenPrint } from '../../../src/bridge/token-print.ts';
import type { BridgeReply } from '../../../src/shared/bridge-protocol.ts';
import { startFakeHost } from './support/fake-host.ts';
import type { FakeHost, HeadersRequest } from './support/fake-host.ts';
import { sessionHeaders, tempPlace } from './support/fixtures.ts';

describe('tokenPrint', () => {
  it('is the hex of the first 16 bytes of SHA-256 over the UTF-8 token', () => {
    // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(tokenPrint('abc')).toBe('ba7816bf8f01cfea414140de5dae2223');
    expect(tokenPrint('é')).toHaveLength(32);
    expect(tokenPrint('é')).not.toBe(tokenPrint('e'));
  });
});

describe('where a request goes', () => {
  const to = (url: string, base: string) => apiTarget(requestPath(url), base);

  it('appends path and query to the base path, whatever its trailing slash', () => {
    expect(to('/whoami?x=1', 'https://bo.test:8443/proftrading/rest')).toEqual({
      protocol: 'https:',
      hostname: 'bo.test',
      port: 8443,
      path: '/proftrading/rest/whoami?x=1',
      host: 'bo.test:8443',
    });
    expect(to('/v1.0/accounts', 'https://etna.test/api/').path).toBe('/api/v1.0/accounts');
    expect(to('/', 'https://etna.test/api')).toMatchObject({ path: '/api/', port: 443 });
    expect(to('/whoami', 'http://volven.test')).toMatchObject({ path: '/whoami', port: 80 });
    expect(to('//other.test/x', 'https://a.test/api')).toMatchObject({
      hostname: 'a.test',
      path: '/api//other.test/x',
    });
    expect(to('/x', 'http://[::1]:9/api')).toMatchObject({ hostname: '::1', host: '[::1]:9' });
  });

  it('refuses what would leave the base path or the API', () => {
    const refused = [
      'http://evil.test/',
      '*',
      '',
      'x',
      '/..',
      '/a/../b',
      '/%2E%2e',
      '/a/..%2F..%2Fb',
      '/a/..%5cb',
      '/a\\b',
      '/%',
      '/a#b',
    ];
    for (const url of refused) expect(() => requestPath(url), url).toThrow();
    for (const url of ['/a..b/..c', '/.../x', '/a/./b', '/%2e/x'])
      expect(() => requestPath(url), url).not.toThrow();
    expect(() => to('/x', 'ftp://a.test/')).toThrow(/not http or https/);
  });
});

describe('which headers cross', () => {
  it('drops hop-by-hop, connection-listed, cookies, Host, Expect and what the session sets', () => {
    const raw = [
      'Host',
      '127.0.0.1:9',
      'Authorization',
      'Bearer mine',
      'et-app-key',
      'client-key',
      'Cookie',
      'a=1',
      'Connection',
      'keep-alive, X-Private',
      'X-Private',
      'p',
      'Keep-Alive',
      'timeout=5',
      'Transfer-Encoding',
      'chunked',
      'Proxy-Authorization',
      'Basic x',
      'Expect',
      '100-continue',
      'Accept',
      'application/json',
      'X-Many',
      '1',
      'x-many',
      '2',
    ];
    const session = { Authorization: 'Bearer session', 'Et-App-Key': 'session-key' };
    expect(upstreamRequestHeaders(raw, session)).toEqual({
      Accept: 'application/json',
      'X-Many': ['1', '2'],
      Authorization: 'Bearer session',
      'Et-App-Key': 'session-key',
    });
  });

  it('passes the answer on without hop-by-hop headers and cookies', () => {
    const raw = [
      'Content-Type',
      'text/plain',
      'Set-Cookie',
      's=1',
      'Connection',
      'close',
      'Transfer-Encoding',
      'chunked',
      'ETag',
      '"1"',
    ];
    expect(downstreamResponseHeaders(raw)).toEqual(['Content-Type', 'text/plain', 'ETag', '"1"']);
  });
});

describe('requests of web pages', () => {
  const hosts = ownHosts('127.0.0.1', 8080);
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

  it('lets programs through: their Host names the proxy, and they send no Origin', () => {
    expect(browserRefusal(req({ host: '127.0.0.1:8080' }), hosts)).toBeUndefined();
    expect(browserRefusal(req({ host: 'localhost:8080', 'sec-fetch-site': 'none' }), hosts)).toBeUndefined();
    expect(
      browserRefusal(req({ host: 'LOCALHOST:8080', origin: 'http://127.0.0.1:8080' }), hosts),
    ).toBeUndefined();
    expect(browserRefusal(req({ host: '[::1]:8080' }), ownHosts('::1', 8080))).toBeUndefined();
  });

  it('refuses another Host (DNS rebinding), another Origin, a cross-site fetch', () => {
    const refused: Record<string, string>[] = [
      {},
      { host: 'evil.test:8080' },
      { host: '127.0.0.1:8081' },
      { host: '127.0.0.1:8080', origin: 'https://evil.test' },
      { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:9999' },
      { host: '127.0.0.1:8080', 'sec-fetch-site': 'same-site' },
      { host: '127.0.0.1:8080', 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of refused) {
      expect(browserRefusal(req(headers), hosts), JSON.stringify(headers)).toBeDefined();
    }
  });
});

describe('the proxy’s header copy', () => {
  let place: ReturnType<typeof tempPlace>;
  let host: FakeHost;
  let answer: (request: HeadersRequest) => BridgeReply | Promise<BridgeReply>;
  const logs: string[] = [];
  const env = () => ({ BROKER_SESSIONS_RUNTIME_DIR: place.runDir });
  const source = () =>
    new HeaderSource({
      profile: 'TE demo',
      program: { command: 'test' },
      env: env(),
      log: (line) => logs.push(line),
    });
  const headerRequests = () =>
    host.requests.filter((request) => request.type === 'headers') as HeadersRequest[];
  const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

  beforeEach(async () => {
    place = tempPlace('bs-source-');
    host = await startFakeHost({ dir: place.runDir, headers: (request) => answer(request) });
  });
  afterEach(async () => {
    await host.close();
    place.remove();
  });

  it('asks once for many, keeps the answer, and asks again after `changed`', async () => {
    let token = 'A';
    answer = async () => {
      await tick();
      return { ok: true, value: sessionHeaders(token) };
    };
    const headers = source();
    const all = await Promise.all(Array.from({ length: 10 }, () => headers.get()));
    expect(new Set(all.map((h) => h.accessToken))).toEqual(new Set(['A']));
    await headers.get();
    expect(headerRequests()).toHaveLength(1);
    token = 'B';
    host.changed();
    await tick();
    expect((await headers.get()).accessToken).toBe('B');
    expect(headerRequests()).toHaveLength(2);
    headers.close();
  });

  it('does not keep an answer asked for before a `changed`', async () => {
    let release: () => void = () => undefined;
    answer = () =>
      new Promise((resolve) => (release = () => resolve({ ok: true, value: sessionHeaders('old') })));
    const headers = source();
    const first = headers.get();
    await tick();
    host.changed(); // the answer under way may predate the change
    await tick();
    release();
    expect((await first).accessToken).toBe('old');
    answer = () => ({ ok: true, value: sessionHeaders('new') });
    expect((await headers.get()).accessToken).toBe('new');
    headers.close();
  });

  it('renews once for many refused requests, and not when the copy already moved on', async () => {
    answer = async (request) => {
      await tick();
      return { ok: true, value: sessionHeaders(request.staleTokenPrint ? 'renewed' : 'stale') };
    };
    const headers = source();
    expect((await headers.get()).accessToken).toBe('stale');
    const renewed = await Promise.all(Array.from({ length: 5 }, () => headers.renewed('stale')));
    expect(renewed.map((h) => h.accessToken)).toEqual(Array(5).fill('renewed'));
    expect(headerRequests().map((request) => request.staleTokenPrint)).toEqual([
      undefined,
      tokenPrint('stale'),
    ]);
    // A late 401 for the old token: the copy has the new one already.
    expect((await headers.renewed('stale')).accessToken).toBe('renewed');
    expect(headerRequests()).toHaveLength(2);
    headers.close();
  });

  it('keeps the extension’s refusal until `changed`, but not a failure to reach it', async () => {
    answer = () => ({ ok: false, error: { code: 'denied', message: 'Denied.' } });
    const headers = source();
    await expect(headers.get()).rejects.toMatchObject({ code: 'denied', exitCode: 7 });
    await expect(headers.get()).rejects.toMatchObject({ code: 'denied' });
    expect(headerRequests()).toHaveLength(1);
    answer = () => ({ ok: true, value: sessionHeaders('A') });
    host.changed();
    await tick();
    expect((await headers.get()).accessToken).toBe('A');
    headers.close();

    await host.close();
    const nobody = source();
    await expect(nobody.get()).rejects.toMatchObject({ code: 'no-bridge', exitCode: 3 });
    host = await startFakeHost({ dir: place.runDir, headers: (request) => answer(request) });
    expect((await nobody.get()).accessToken).toBe('A');
    nobody.close();
  });
});
