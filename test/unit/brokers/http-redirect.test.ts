// What `send` makes of a redirect that the sandbox cannot produce: a browser's opaque-redirect
// answer (status 0, no headers), a 3xx without or with a broken Location, and the 3xx that are no
// redirects. The real-HTTP cases are in redirects.test.ts.
import { describe, expect, it } from 'vitest';
import { send } from '../../../src/brokers/http.ts';
import { traderevolution } from '../../../src/brokers/traderevolution.ts';
import type { BrokerProfile } from '../../../src/brokers/types.ts';
import { deps, fakeFetch, text } from './fake-fetch.ts';

const profile: BrokerProfile = { broker: 'traderevolution', apiBaseUrl: 'https://bo.test:8443/rest' };
const request = { method: 'POST', path: '/auth/token', json: { login: 'a', password: 'b' } } as const;

/** What Chromium and Firefox hand a `redirect: 'manual'` fetch: nothing about the target. */
function opaqueRedirect(): Response {
  const response = new Response(null, { status: 200 });
  Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
  Object.defineProperty(response, 'status', { value: 0 });
  return response;
}

const BROWSER_WORDS =
  "The broker's API answered with a redirect, which the extension does not follow; check the API base URL.";

describe('send and redirects', () => {
  it('an opaque redirect (browser) says a redirect happened, without a host it cannot know', async () => {
    const { fetch } = fakeFetch(opaqueRedirect);
    expect(await send(profile, request, deps(fetch))).toMatchObject({
      ok: false,
      error: { code: 'redirected', message: BROWSER_WORDS },
    });
  });

  it('an opaque redirect names the host the platform observed (the worker reads the response headers)', async () => {
    const { fetch } = fakeFetch(opaqueRedirect);
    const asked: string[] = [];
    const redirectTarget = (url: string) => {
      asked.push(url);
      return Promise.resolve('https://elsewhere.example/login');
    };
    expect(await send(profile, request, { ...deps(fetch), redirectTarget })).toMatchObject({
      error: {
        code: 'redirected',
        message: "The broker's API answered with a redirect to elsewhere.example; check the API base URL.",
      },
    });
    expect(asked).toEqual(['https://bo.test:8443/rest/auth/token']);
    const failing = () => Promise.reject(new Error('no observation'));
    expect(await send(profile, request, { ...deps(fetch), redirectTarget: failing })).toMatchObject({
      error: { code: 'redirected', message: BROWSER_WORDS },
    });
  });

  it.each([301, 302, 303, 307, 308])('a %i names the Location host, relative ones too', async (status) => {
    const absolute = fakeFetch(text(status, '', { location: 'https://other.example:444/x?token=abc' }));
    expect(await send(profile, request, deps(absolute.fetch))).toMatchObject({
      error: {
        code: 'redirected',
        message: "The broker's API answered with a redirect to other.example:444; check the API base URL.",
      },
    });
    const relative = fakeFetch(text(status, '', { location: '/login' }));
    expect(await send(profile, request, deps(relative.fetch))).toMatchObject({
      error: { message: expect.stringContaining('redirect to bo.test:8443;') as string },
    });
  });

  it('a 307 without a Location, or with one that is no URL, still says it was a redirect', async () => {
    for (const headers of [{}, { location: 'http://[::1' }] as Record<string, string>[]) {
      const { fetch } = fakeFetch(text(307, '', headers));
      expect(await send(profile, request, deps(fetch))).toMatchObject({
        error: { code: 'redirected', message: BROWSER_WORDS },
      });
    }
  });

  it('300 and 304 are answers, not redirects: the protocol reads them', async () => {
    for (const status of [300, 304]) {
      const { fetch } = fakeFetch(new Response(null, { status }));
      expect(await send(profile, request, deps(fetch))).toMatchObject({ ok: true, response: { status } });
    }
  });

  it('a target host that echoes the password is not quoted: the protocol says only "a redirect"', async () => {
    const { fetch } = fakeFetch(text(307, '', { location: 'https://hunter22.evil.test/' }));
    const result = await traderevolution.login(profile, { username: 'u', password: 'hunter22' }, deps(fetch));
    expect(result).toMatchObject({ kind: 'failed', error: { code: 'redirected', message: BROWSER_WORDS } });
    expect(JSON.stringify(result)).not.toContain('hunter22');
  });
});
