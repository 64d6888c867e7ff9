import { describe, expect, it } from 'vitest';
import { apiScope, isInApiScope, pathBelowApi } from '../../../../src/background/header-rules/api-scope.ts';

describe('the API scope', () => {
  const base = 'https://bo.example.com:8443/proftrading/rest';

  it('holds the base URL’s origin and everything under its path, nothing beside it', () => {
    expect(isInApiScope(`${base}/`, base)).toBe(true);
    expect(isInApiScope(`${base}/swagger-ui.html?x=1#top`, base)).toBe(true);
    expect(isInApiScope(`${base}/v2/accounts`, base)).toBe(true);
    expect(isInApiScope('https://bo.example.com:8443/proftrading/restless', base)).toBe(false);
    expect(isInApiScope('https://bo.example.com:8443/admin', base)).toBe(false);
    expect(isInApiScope(`${base}/../../admin`, base)).toBe(false);
    expect(isInApiScope(`${base}/%2e%2e/%2e%2e/admin`, base)).toBe(false);
    expect(isInApiScope('https://bo.example.com/proftrading/rest/', base)).toBe(false);
    expect(isInApiScope('http://bo.example.com:8443/proftrading/rest/', base)).toBe(false);
    expect(isInApiScope('https://BO.example.com:8443/proftrading/rest/x', base)).toBe(true);
    expect(isInApiScope('https://bo.example.com:8443/PROFTRADING/rest/x', base)).toBe(false);
    expect(isInApiScope('not a url', base)).toBe(false);
  });

  it('is the whole origin for a base URL without a path', () => {
    expect(isInApiScope('https://api.volven.example/as/v3/accounts', 'https://api.volven.example')).toBe(
      true,
    );
    expect(apiScope('https://api.volven.example')).toEqual({
      httpFilter: '|https://api.volven.example/',
      wsFilter: '|wss://api.volven.example/',
      hostname: 'api.volven.example',
    });
  });
});

describe('the path below the API base URL (what the broker’s verdict is read against)', () => {
  it.each([
    ['https://h.example/api/v1.0/accounts?x=1', 'https://h.example/api', '/v1.0/accounts'],
    ['https://h.example/api/v1.0/accounts', 'https://h.example/api/', '/v1.0/accounts'],
    ['https://h.example/api/token', 'https://h.example/api//', '/token'],
    ['https://h.example/api/', 'https://h.example/api', '/'],
    ['https://h.example/api/token#top', 'https://h.example/api', '/token'],
    [
      'https://bo.example:8443/proftrading/rest/auth/token/refresh',
      'https://bo.example:8443/proftrading/rest',
      '/auth/token/refresh',
    ],
    ['https://api.volven.example/as/v3/accounts', 'https://api.volven.example', '/as/v3/accounts'],
    ['https://api.volven.example/', 'https://api.volven.example/', '/'],
    ['https://API.Volven.example:443/as/v3/accounts', 'https://api.volven.example', '/as/v3/accounts'],
    ['wss://api.volven.example/volven-broker/quotes', 'https://api.volven.example', '/volven-broker/quotes'],
    ['WSS://api.volven.example/volven-broker/quotes', 'https://api.volven.example', '/volven-broker/quotes'],
    ['ws://127.0.0.1:8080/api/v1.0/streamers', 'http://127.0.0.1:8080/api', '/v1.0/streamers'],
  ])('%s below %s → %s', (request, base, path) => {
    expect(pathBelowApi(request, base)).toBe(path);
  });

  it.each([
    ['another host', 'https://other.example/api/token', 'https://h.example/api'],
    ['another port', 'https://h.example:8443/api/token', 'https://h.example/api'],
    ['another scheme', 'http://h.example/api/token', 'https://h.example/api'],
    ['an insecure socket for a secure API', 'ws://h.example/api/token', 'https://h.example/api'],
    ['a path beside the base that shares its letters', 'https://h.example/apitoken', 'https://h.example/api'],
    ['the base path without its slash', 'https://h.example/api', 'https://h.example/api'],
    ['a path above the base', 'https://h.example/token', 'https://h.example/api'],
    ['a path that climbs out of the base', 'https://h.example/api/../token', 'https://h.example/api'],
    ['another case of the base path', 'https://h.example/API/token', 'https://h.example/api'],
    ['a request that is no URL', 'not a url', 'https://h.example/api'],
    ['a base that is no URL', 'https://h.example/api/token', 'h.example/api'],
  ])('is undefined for %s', (_, request, base) => {
    expect(pathBelowApi(request, base)).toBeUndefined();
  });
});
