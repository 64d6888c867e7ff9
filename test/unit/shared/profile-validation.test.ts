import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { requiredOrigins, validateProfile } from '../../../src/shared/profile.ts';
import { BUILD_URL_POLICY, normaliseBaseUrl, urlProblem } from '../../../src/shared/profile-urls.ts';
import { english } from '../support/english.ts';

const valid = {
  name: 'Volven live',
  broker: 'volven',
  apiBaseUrl: 'https://api.example.com/',
  webAppOrigins: [],
  staySignedIn: false,
};

describe('API base URL rules', () => {
  it.each([
    'https://api.example.com',
    'https://bo.example.com:8443/proftrading/rest',
    'http://localhost:8080/api',
    'http://127.0.0.1:47801',
    // Percent-encoded in a path, these stay literal for the browser's rules too.
    'https://api.example.com/v1/%2A/x%7C',
  ])('accepts %s', (url) => expect(urlProblem(url)).toBeUndefined());

  const WILDCARD = 'must not contain *, | or ^';
  it.each([
    ['not a url', 'Enter a full URL'],
    ['http://api.example.com', 'Use https:// (plain http:// only for localhost and 127.0.0.1)'],
    ['http://api.volven.test:47801', 'Use https://'],
    ['ftp://api.example.com', 'must start with https://'],
    ['https://user:pw@api.example.com', 'user name or password'],
    ['https://user@api.example.com', 'user name or password'],
    ['https://:pw@api.example.com', 'user name or password'],
    ['https://api.example.com/?a=1', 'query or fragment'],
    ['https://api.example.com/#top', 'query or fragment'],
    ['https://*.example.com/api', WILDCARD],
    ['https://api.*/api', WILDCARD],
    ['https://%2A.example.com', WILDCARD],
    ['https://api%2a.example.com', WILDCARD],
    ['https://api.example.com/*', WILDCARD],
    ['https://api.example.com/v1*/rest', WILDCARD],
    ['https://api.example.com/a|b', WILDCARD],
    ['https://api.example.com/a^b', WILDCARD],
    ['http://*.test', WILDCARD],
  ])('refuses %s with a clear reason', (url, reason) => expect(english(urlProblem(url))).toContain(reason));

  it('is the production policy in unit tests, which are not built by vite.config.ts', () => {
    expect(BUILD_URL_POLICY).toEqual({ allowTestHosts: false });
  });

  it('takes plain http to *.test hosts only with the test builds policy', () => {
    const testBuild = { allowTestHosts: true };
    for (const url of ['http://api.volven.test:47801', 'http://app.broker.test', 'https://x.test/api'])
      expect(urlProblem(url, 'http', testBuild)).toBeUndefined();
    expect(english(urlProblem('http://api.volven.test:47801'))).toContain('Use https://');
    expect(english(urlProblem('ws://api.volven.test', 'ws'))).toContain('Use wss://');
    expect(urlProblem('ws://api.volven.test', 'ws', testBuild)).toBeUndefined();
    // Nothing else is widened: not other plain hosts, not wildcards, not a host that only ends in "test".
    expect(english(urlProblem('http://api.example.com', 'http', testBuild))).toContain('Use https://');
    expect(english(urlProblem('http://latest', 'http', testBuild))).toContain('Use https://');
    expect(english(urlProblem('http://*.test', 'http', testBuild))).toContain(WILDCARD);
  });

  it('never lets a URL through that would be a pattern in a header rule (any policy)', () => {
    fc.assert(
      fc.property(
        fc.webUrl({ withQueryParameters: false, withFragments: false }),
        fc.constantFrom('*', '%2A', '|', '^'),
        fc.boolean(),
        (url, special, allowTestHosts) => {
          const { host } = new URL(url);
          const spiked = [url.replace(host, `${special}${host}`), `${url.replace(/\/$/, '')}/a${special}b`];
          for (const candidate of spiked) {
            if (urlProblem(candidate, 'http', { allowTestHosts }) !== undefined) continue;
            // Accepted: then what the browser's rule would get holds no pattern character.
            const parsed = new URL(candidate);
            expect(`${parsed.hostname}${parsed.pathname}`).not.toMatch(/[*|^]/);
          }
        },
      ),
    );
  });

  it('drops trailing slashes but keeps port and path prefix', () => {
    expect(normaliseBaseUrl('https://bo.example.com:8443/proftrading/rest//')).toBe(
      'https://bo.example.com:8443/proftrading/rest',
    );
    expect(normaliseBaseUrl(' https://api.example.com/ ')).toBe('https://api.example.com');
  });
});

describe('validateProfile', () => {
  it('normalises a valid profile and fills defaults', () => {
    const result = validateProfile(valid);
    expect(result).toEqual({
      ok: true,
      profile: expect.objectContaining({
        name: 'Volven live',
        apiBaseUrl: 'https://api.example.com',
        refreshMarginSec: 300,
        appKey: undefined,
      }),
    });
  });

  it('reports every bad field at once, each with its own message', () => {
    const result = validateProfile({
      ...valid,
      name: ' ',
      broker: 'nope',
      apiBaseUrl: 'http://api.example.com',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(english(result.errors.name)).toBe('Enter a name');
    expect(english(result.errors.broker)).toBe('Choose a broker');
    expect(english(result.errors.apiBaseUrl)).toContain('Use https://');
  });

  it('requires the app key for ETNA only', () => {
    const etna = validateProfile({ ...valid, broker: 'etna', appKey: '' });
    expect(etna.ok ? undefined : english(etna.errors.appKey)).toBe(
      'ETNA Trader needs the app key (Et-App-Key)',
    );
    const volven = validateProfile({ ...valid, appKey: 'ignored' });
    expect(volven.ok && volven.profile.appKey).toBeUndefined();
  });

  it('refuses a web-app origin that is not https', () => {
    const result = validateProfile({ ...valid, webAppOrigins: ['http://app.example.com'] });
    expect(result.ok ? undefined : english(result.errors.webAppOrigins)).toBe(
      'http://app.example.com: Use https:// (plain http:// only for localhost and 127.0.0.1)',
    );
  });

  it('takes the sandbox profiles of the test builds only with their policy', () => {
    const api = { ...valid, apiBaseUrl: 'http://api.volven.test:47801' };
    const webApp = { ...valid, webAppOrigins: ['http://app.broker.test'] };
    const refused = (result: ReturnType<typeof validateProfile>) =>
      result.ok ? [] : Object.keys(result.errors);
    expect(refused(validateProfile(api))).toEqual(['apiBaseUrl']);
    expect(refused(validateProfile(webApp))).toEqual(['webAppOrigins']);
    expect(
      validateProfile({ ...api, ...webApp, apiBaseUrl: api.apiBaseUrl }, { allowTestHosts: true }).ok,
    ).toBe(true);
  });

  it('refuses a wildcard web-app origin', () => {
    const result = validateProfile({ ...valid, webAppOrigins: ['https://*.broker.example'] });
    expect(result.ok ? undefined : english(result.errors.webAppOrigins)).toContain(
      'must not contain *, | or ^',
    );
  });

  it.each([
    ['a line break', 'demo-app-key\r\nX-Injected: 1'],
    ['a NUL', 'demo\0key'],
    ['a control character', 'demo\u0007key'],
    ['a character beyond Latin-1', 'demo-кey'],
    ['more than 8 KiB', 'k'.repeat(8193)],
  ])('refuses an ETNA app key with %s, which cannot be a header value', (_what, appKey) => {
    const result = validateProfile({ ...valid, broker: 'etna', appKey });
    expect(result.ok ? undefined : english(result.errors.appKey)).toBe(
      'The app key must be one line of printable characters, at most 8192 long',
    );
  });

  it('takes an ETNA app key with blanks inside, and trims those around it', () => {
    const result = validateProfile({ ...valid, broker: 'etna', appKey: ' company key 42 \t' });
    expect(result.ok && result.profile.appKey).toBe('company key 42');
  });

  it('refuses input that is not a profile at all', () => {
    expect(validateProfile(null).ok).toBe(false);
    expect(validateProfile('profile').ok).toBe(false);
  });
});

describe('requiredOrigins', () => {
  it('asks for the API host, its WebSocket twin and the web apps, nothing wider', () => {
    expect(
      requiredOrigins({
        apiBaseUrl: 'https://bo.example.com:8443/proftrading/rest',
        webAppOrigins: ['https://app.example.com'],
      }),
    ).toEqual(['https://bo.example.com/*', 'wss://bo.example.com/*', 'https://app.example.com/*']);
    expect(requiredOrigins({ apiBaseUrl: 'http://api.volven.test:47801', webAppOrigins: [] })).toEqual([
      'http://api.volven.test/*',
      'ws://api.volven.test/*',
    ]);
  });
});

describe('every refusal has words', () => {
  // An imported file can hold anything: whatever is wrong, each field's message must exist in
  // the English catalogue (english() throws for a key it does not know).
  const anything = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.anything()),
    fc.object(),
  );
  it('names the problem of any field, whatever it holds', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            id: anything,
            name: anything,
            broker: fc.oneof(anything, fc.constantFrom('volven', 'etna', 'traderevolution')),
            apiBaseUrl: fc.oneof(anything, fc.webUrl()),
            appKey: anything,
            webAppOrigins: fc.oneof(anything, fc.array(fc.oneof(fc.webUrl(), fc.string()))),
            staySignedIn: anything,
            tokenLifetimeSec: anything,
            refreshMarginSec: anything,
          },
          { requiredKeys: [] },
        ),
        (input) => {
          const result = validateProfile(input);
          if (result.ok) return;
          for (const message of Object.values(result.errors))
            expect(english(message).length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
