import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, joinUrl, send, unexpectedBody } from '../../../src/brokers/http.ts';
import type { BrokerProfile } from '../../../src/brokers/types.ts';
import { deps, fakeFetch, json, text } from './fake-fetch.ts';

const profile: BrokerProfile = { broker: 'volven', apiBaseUrl: 'https://host.test:8443/api' };

describe('joinUrl', () => {
  it.each([
    ['https://host', '/token', 'https://host/token'],
    ['https://host/', '/token', 'https://host/token'],
    ['https://host', 'token', 'https://host/token'],
    ['https://host:8443', '/auth/token', 'https://host:8443/auth/token'],
    ['https://host/api', '/token', 'https://host/api/token'],
    ['https://host/api/', '/token', 'https://host/api/token'],
    ['https://host//api//', '//token', 'https://host//api/token'],
    ['https://host:8443/proftrading/rest', '/auth/token', 'https://host:8443/proftrading/rest/auth/token'],
    ['https://host:8443/proftrading/rest/', '/auth/token', 'https://host:8443/proftrading/rest/auth/token'],
    ['http://127.0.0.1:47802/api', '/token', 'http://127.0.0.1:47802/api/token'],
    ['  https://host/api?x=1#frag ', '/token', 'https://host/api/token'],
  ])('%s + %s', (base, path, expected) => {
    expect(joinUrl(base, path)?.href).toBe(expected);
  });

  it('rejects what is not an http(s) URL', () => {
    expect(joinUrl('host.test', '/token')).toBeUndefined();
    expect(joinUrl('ftp://host.test', '/token')).toBeUndefined();
    expect(joinUrl('javascript:alert(1)', '/token')).toBeUndefined();
    expect(joinUrl('', '/token')).toBeUndefined();
  });
});

describe('send', () => {
  it('sends JSON with its content type, and no body without json', async () => {
    const { fetch, sent } = fakeFetch(() => json(200, { a: 1 }));
    const result = await send(profile, { method: 'POST', path: '/x', json: { b: 2 } }, deps(fetch));
    expect(result).toMatchObject({ ok: true, response: { status: 200, data: { a: 1 } } });
    expect(sent[0]).toMatchObject({
      url: 'https://host.test:8443/api/x',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"b":2}',
    });
    await send(profile, { method: 'POST', path: '/y', headers: { Username: 'u' } }, deps(fetch));
    expect(sent[1]?.body).toBeUndefined();
    expect(sent[1]?.headers).toEqual({ username: 'u' });
  });

  it('refuses an invalid base URL without sending anything', async () => {
    const { fetch, sent } = fakeFetch(json(200, {}));
    const result = await send(
      { ...profile, apiBaseUrl: 'not a url' },
      { method: 'GET', path: '/' },
      deps(fetch),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'network' } });
    expect(sent).toHaveLength(0);
  });

  it('refuses header values fetch cannot send', async () => {
    const { fetch, sent } = fakeFetch(json(200, {}));
    const request = { method: 'GET' as const, path: '/', headers: { Password: 'a\nb' } };
    expect(await send(profile, request, deps(fetch))).toMatchObject({
      ok: false,
      error: { code: 'bad-response' },
    });
    expect(sent).toHaveLength(0);
  });

  it('maps a rejected fetch to network, naming the origin', async () => {
    const { fetch } = fakeFetch(new TypeError('fetch failed'));
    const result = await send(profile, { method: 'GET', path: '/' }, deps(fetch));
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'network',
        message: 'Could not reach https://host.test:8443. Check the address and your connection.',
        text: { key: 'brokerCouldNotReachOrigin', subs: ['https://host.test:8443'] },
      },
    });
  });

  it('maps a TimeoutError to timeout', async () => {
    const { fetch } = fakeFetch(new DOMException('timed out', 'TimeoutError'));
    const result = await send(profile, { method: 'GET', path: '/' }, deps(fetch, { timeoutMs: 2500 }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'timeout', message: expect.stringContaining('3 s') },
    });
  });

  it('applies the time limit itself', async () => {
    const hang: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    const result = await send(profile, { method: 'GET', path: '/' }, deps(hang, { timeoutMs: 20 }));
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('takes a time limit that is not a whole number of ms (the refresher halves what is left)', async () => {
    const { fetch } = fakeFetch(() => json(200, { a: 1 }));
    const result = await send(profile, { method: 'GET', path: '/' }, deps(fetch, { timeoutMs: 4998.5 }));
    expect(result).toMatchObject({ ok: true, response: { status: 200 } });
  });

  it('maps a body that breaks off to network, and one that times out to timeout', async () => {
    const broken = (error: unknown) =>
      new Response(new ReadableStream({ pull: (controller) => controller.error(error) }), { status: 200 });
    const cut = fakeFetch(() => broken(new TypeError('terminated')));
    expect(await send(profile, { method: 'GET', path: '/' }, deps(cut.fetch))).toMatchObject({
      ok: false,
      error: { code: 'network', message: expect.stringContaining('cut') },
    });
    const slow = fakeFetch(() => broken(new DOMException('timed out', 'TimeoutError')));
    expect(await send(profile, { method: 'GET', path: '/' }, deps(slow.fetch))).toMatchObject({
      ok: false,
      error: { code: 'timeout' },
    });
  });

  it('refuses bodies over 1 MB, announced or streamed', async () => {
    const big = 'x'.repeat(MAX_BODY_BYTES + 1);
    const announced = fakeFetch(text(200, big, { 'content-length': String(big.length) }));
    expect(await send(profile, { method: 'GET', path: '/' }, deps(announced.fetch))).toMatchObject({
      ok: false,
      error: { code: 'bad-response', message: expect.stringContaining('too large') },
    });
    const streamed = fakeFetch(text(200, big));
    expect(await send(profile, { method: 'GET', path: '/' }, deps(streamed.fetch))).toMatchObject({
      ok: false,
      error: { code: 'bad-response' },
    });
    const exact = fakeFetch(text(200, 'x'.repeat(MAX_BODY_BYTES)));
    expect(await send(profile, { method: 'GET', path: '/' }, deps(exact.fetch))).toMatchObject({ ok: true });
  });

  it('reports an unreadable answer as bad-response', async () => {
    const { fetch } = fakeFetch(json(200, {}));
    await send(profile, { method: 'GET', path: '/' }, deps(fetch));
    // The same Response again: its body is already consumed.
    expect(await send(profile, { method: 'GET', path: '/' }, deps(fetch))).toMatchObject({
      ok: false,
      error: { code: 'bad-response' },
    });
    const nonsense = (async () => ({ status: 200 })) as unknown as typeof globalThis.fetch;
    expect(await send(profile, { method: 'GET', path: '/' }, deps(nonsense))).toMatchObject({ ok: false });
  });

  it('reads bodiless responses as empty', async () => {
    const { fetch } = fakeFetch(new Response(null, { status: 204 }));
    expect(await send(profile, { method: 'GET', path: '/' }, deps(fetch))).toMatchObject({
      ok: true,
      response: { status: 204, text: '', data: undefined },
    });
  });
});

describe('unexpectedBody', () => {
  const describeBody = (response: Response) =>
    response.text().then((body) => {
      let data: unknown;
      try {
        data = JSON.parse(body);
      } catch {
        data = undefined;
      }
      return unexpectedBody({ status: response.status, headers: response.headers, text: body, data });
    });

  it('says what was wrong, with the status and without quoting the body', async () => {
    expect((await describeBody(text(200, ''))).message).toBe('The broker sent an empty answer (HTTP 200).');
    expect((await describeBody(text(200, '<!DOCTYPE html><p>secret</p>'))).message).toContain('web page');
    expect((await describeBody(text(200, 'x', { 'content-type': 'text/html' }))).message).toContain(
      'web page',
    );
    expect((await describeBody(text(200, '{"a":'))).message).toBe(
      "The broker's answer is not valid JSON (HTTP 200).",
    );
    expect((await describeBody(json(200, { a: 'secret' }))).message).toBe(
      "The broker's answer is not in the expected format (HTTP 200).",
    );
  });
});
