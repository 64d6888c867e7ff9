import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normaliseBaseUrl, requiredOrigins, urlProblem, validateProfile } from '../../src/shared/profile.ts';
import { english } from './support/english.ts';

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
    'http://api.volven.test:47801',
  ])('accepts %s', (url) => expect(urlProblem(url)).toBeUndefined());

  it.each([
    ['not a url', 'Enter a full URL'],
    ['http://api.example.com', 'Use https:// (plain http:// only for localhost, 127.0.0.1 and *.test)'],
    ['ftp://api.example.com', 'must start with https://'],
    ['https://user:pw@api.example.com', 'user name or password'],
    ['https://api.example.com/?a=1', 'query or fragment'],
  ])('refuses %s with a clear reason', (url, reason) => expect(english(urlProblem(url))).toContain(reason));

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
      'http://app.example.com: Use https:// (plain http:// only for localhost, 127.0.0.1 and *.test)',
    );
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
