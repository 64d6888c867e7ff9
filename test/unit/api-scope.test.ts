import { describe, expect, it } from 'vitest';
import { apiScope, isInApiScope } from '../../src/background/api-scope.ts';

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
