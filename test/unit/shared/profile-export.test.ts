import { describe, expect, it } from 'vitest';
import { exportProfiles, parseProfilesFile, type ImportResult } from '../../../src/shared/profile-export.ts';
import type { Profile } from '../../../src/shared/profile.ts';
import { english } from '../support/english.ts';

/** The result with each problem in the words a person reads. */
const readable = (result: ImportResult) =>
  result.ok
    ? result
    : {
        ...result,
        problems: result.problems.map((problem) => ({ ...problem, message: english(problem.message) })),
      };

const etna: Profile = {
  id: 'local-id-1',
  name: 'ETNA desk',
  broker: 'etna',
  apiBaseUrl: 'https://etna.example/api',
  appKey: 'company-key',
  webAppOrigins: [],
  staySignedIn: false,
  tokenLifetimeSec: 3600,
  refreshMarginSec: 300,
};
const te: Profile = {
  id: 'local-id-2',
  name: 'TE',
  broker: 'traderevolution',
  apiBaseUrl: 'https://bo.example:8443/proftrading/rest',
  webAppOrigins: ['https://app.example'],
  staySignedIn: true,
  refreshMarginSec: 120,
};

describe('profiles file', () => {
  it('exports settings only: no ids, every field a profile needs', () => {
    const file = exportProfiles([etna, te]);
    expect(file).toEqual({
      format: 'broker-sessions-profiles',
      version: 1,
      profiles: [
        {
          name: 'ETNA desk',
          broker: 'etna',
          apiBaseUrl: 'https://etna.example/api',
          appKey: 'company-key',
          webAppOrigins: [],
          staySignedIn: false,
          refreshMarginSec: 300,
          tokenLifetimeSec: 3600,
        },
        {
          name: 'TE',
          broker: 'traderevolution',
          apiBaseUrl: 'https://bo.example:8443/proftrading/rest',
          webAppOrigins: ['https://app.example'],
          staySignedIn: true,
          refreshMarginSec: 120,
        },
      ],
    });
  });

  it('reads back what it exported', () => {
    const parsed = parseProfilesFile(JSON.stringify(exportProfiles([etna, te])));
    expect(parsed).toEqual({ ok: true, profiles: exportProfiles([etna, te]).profiles });
  });

  it('ignores an id in the file: ids belong to the browser that made them', () => {
    const parsed = parseProfilesFile(JSON.stringify({ profiles: [{ ...te }] }));
    expect(parsed.ok && parsed.profiles[0]).not.toHaveProperty('id');
  });

  it.each([
    ['not JSON', '{ profiles: ', 'This file is not JSON.'],
    ['no profiles list', '{"name":"x"}', 'no "profiles" list'],
    ['a bare array', '[]', 'no "profiles" list'],
    ['another version', '{"version":2,"profiles":[]}', 'Version 2'],
    ['an empty list', '{"profiles":[]}', 'holds no profiles'],
  ])('refuses %s with a message about the file', (_case, text, message) => {
    const parsed = parseProfilesFile(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(english(parsed.problems[0]!.message)).toContain(message);
  });

  it('names every problem by profile and field, and keeps none of the valid profiles', () => {
    const parsed = parseProfilesFile(
      JSON.stringify({
        profiles: [
          { ...te, id: undefined },
          { name: '', broker: 'etna', apiBaseUrl: 'http://api.example.com' },
          { name: 'Odd', broker: 'nobody', apiBaseUrl: 'https://x.example', refreshMarginSec: 'soon' },
        ],
      }),
    );
    expect(readable(parsed)).toEqual({
      ok: false,
      problems: [
        { profile: 2, field: 'name', message: 'Enter a name' },
        { profile: 2, field: 'apiBaseUrl', message: expect.stringContaining('https://') },
        { profile: 2, field: 'appKey', message: expect.stringContaining('app key') },
        { profile: 3, field: 'broker', message: 'Choose a broker' },
        { profile: 3, field: 'refreshMarginSec', message: 'Enter a number of seconds' },
      ],
    });
  });

  it('refuses wildcard and plain *.test URLs, and an app key that cannot be a header value', () => {
    const parsed = parseProfilesFile(
      JSON.stringify({
        profiles: [
          { name: 'Wild', broker: 'volven', apiBaseUrl: 'https://%2A.volven.example' },
          { name: 'Sandbox', broker: 'volven', apiBaseUrl: 'http://api.volven.test:47801' },
          {
            name: 'Split',
            broker: 'etna',
            apiBaseUrl: 'https://e.example/api',
            appKey: 'key\r\nX-Injected: 1',
          },
          { name: 'Any path', broker: 'volven', apiBaseUrl: 'https://api.volven.example/*' },
        ],
      }),
    );
    expect(readable(parsed)).toEqual({
      ok: false,
      problems: [
        { profile: 1, field: 'apiBaseUrl', message: expect.stringContaining('must not contain *, | or ^') },
        { profile: 2, field: 'apiBaseUrl', message: expect.stringContaining('Use https://') },
        { profile: 3, field: 'appKey', message: expect.stringContaining('one line of printable characters') },
        { profile: 4, field: 'apiBaseUrl', message: expect.stringContaining('must not contain *, | or ^') },
      ],
    });
  });

  it('needs the app key of an ETNA profile', () => {
    const parsed = parseProfilesFile(
      JSON.stringify({ profiles: [{ name: 'E', broker: 'etna', apiBaseUrl: 'https://e.example/api' }] }),
    );
    expect(readable(parsed)).toEqual({
      ok: false,
      problems: [{ profile: 1, field: 'appKey', message: expect.stringContaining('app key') }],
    });
  });
});
