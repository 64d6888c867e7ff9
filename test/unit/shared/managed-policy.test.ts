import { describe, expect, it } from 'vitest';
import { isManagedId, managedProfileId, parseManagedPolicy } from '../../../src/shared/managed-policy.ts';

const volven = {
  name: 'Desk Volven',
  broker: 'volven',
  apiBaseUrl: 'https://api.volven.example/',
  webAppOrigins: [],
  refreshMarginSec: 120,
};

describe('parseManagedPolicy', () => {
  it('reads no policy as nothing locked and no profiles', () => {
    for (const raw of [undefined, null, {}, 'text']) {
      const { policy, problems } = parseManagedPolicy(raw);
      expect(policy).toEqual({
        profiles: [],
        forbidStaySignedIn: false,
        hideProfileEditing: false,
        forbidTokenBridge: false,
        clipboardClearSec: undefined,
      });
      expect(problems).toEqual([]);
    }
  });

  it('reads forbidTokenBridge', () => {
    expect(parseManagedPolicy({ forbidTokenBridge: true }).policy.forbidTokenBridge).toBe(true);
    expect(parseManagedPolicy({ forbidTokenBridge: 'yes' }).problems).toEqual([
      'settings: ignored, they do not match the schema',
    ]);
  });

  it('turns each valid profile into a managed profile with a stable id and a normalised URL', () => {
    const first = parseManagedPolicy({ profiles: [volven] }).policy.profiles;
    const second = parseManagedPolicy({ profiles: [{ ...volven }] }).policy.profiles;
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      name: 'Desk Volven',
      apiBaseUrl: 'https://api.volven.example',
      managed: true,
      staySignedIn: false,
    });
    expect(first[0]!.id).toBe(second[0]!.id);
    expect(isManagedId(first[0]!.id)).toBe(true);
    expect(isManagedId(crypto.randomUUID())).toBe(false);
  });

  it('gives different profiles different ids', () => {
    const ids = new Set([
      managedProfileId(volven as never),
      managedProfileId({ ...volven, name: 'Other' } as never),
      managedProfileId({ ...volven, broker: 'traderevolution' } as never),
      managedProfileId({ ...volven, apiBaseUrl: 'https://api2.volven.example' } as never),
    ]);
    expect(ids.size).toBe(4);
  });

  it('leaves out an invalid profile and names its fields, keeping the valid ones', () => {
    const { policy, problems } = parseManagedPolicy({
      profiles: [
        volven,
        { name: 'ETNA', broker: 'etna', apiBaseUrl: 'https://etna.example/api' },
        { name: 'Plain', broker: 'volven', apiBaseUrl: 'http://api.example.com' },
      ],
    });
    expect(policy.profiles.map((profile) => profile.name)).toEqual(['Desk Volven']);
    expect(problems).toEqual(['profile 2: appKey', 'profile 3: apiBaseUrl']);
  });

  it('leaves out wildcard or plain *.test URLs and an app key that cannot be a header value', () => {
    const { policy, problems } = parseManagedPolicy({
      profiles: [
        { name: 'Wild', broker: 'volven', apiBaseUrl: 'https://*.volven.example' },
        { name: 'Sandbox', broker: 'volven', apiBaseUrl: 'http://api.volven.test:47801' },
        { name: 'Split', broker: 'etna', apiBaseUrl: 'https://etna.example/api', appKey: 'k\ney' },
        { ...volven, webAppOrigins: ['https://app.volven.example/a|b'] },
        volven,
      ],
    });
    expect(policy.profiles.map((profile) => profile.name)).toEqual(['Desk Volven']);
    expect(problems).toEqual([
      'profile 1: apiBaseUrl',
      'profile 2: apiBaseUrl',
      'profile 3: appKey',
      'profile 4: webAppOrigins',
    ]);
  });

  it('drops a duplicate profile', () => {
    const { policy, problems } = parseManagedPolicy({ profiles: [volven, volven] });
    expect(policy.profiles).toHaveLength(1);
    expect(problems).toEqual(['profile 2: a duplicate']);
  });

  it('never lets two different profiles share an id: the second is left out, and named', () => {
    const sameId = () => 'managed-same';
    const other = { ...volven, name: 'Desk Volven 2' };
    const { policy, problems } = parseManagedPolicy({ profiles: [volven, other] }, sameId);
    expect(policy.profiles.map((profile) => profile.name)).toEqual(['Desk Volven']);
    expect(problems).toEqual(["profile 2: left out, its id collides with profile 1's (rename either)"]);
    // The same profile twice stays a duplicate, whatever the ids.
    expect(parseManagedPolicy({ profiles: [volven, volven] }, sameId).problems).toEqual([
      'profile 2: a duplicate',
    ]);
  });

  it('names the profile it collides with by its place in the policy, not in the kept list', () => {
    const clash = (profile: { name: string }) =>
      profile.name === 'B' ? 'managed-a' : `managed-${profile.name.toLowerCase()}`;
    const { problems } = parseManagedPolicy(
      {
        profiles: [
          { ...volven, apiBaseUrl: 'not a url' },
          { ...volven, name: 'A' },
          { ...volven, name: 'B' },
        ],
      },
      clash,
    );
    expect(problems).toEqual([
      'profile 1: apiBaseUrl',
      "profile 3: left out, its id collides with profile 2's (rename either)",
    ]);
  });

  it('forbidding "Stay signed in" overrides a profile that asks for it', () => {
    const asked = { ...volven, staySignedIn: true };
    expect(parseManagedPolicy({ profiles: [asked] }).policy.profiles[0]!.staySignedIn).toBe(true);
    const forbidden = parseManagedPolicy({ profiles: [asked], forbidStaySignedIn: true }).policy;
    expect(forbidden.profiles[0]!.staySignedIn).toBe(false);
    expect(forbidden.forbidStaySignedIn).toBe(true);
  });

  it('reads the locks, and ignores settings of the wrong type', () => {
    const { policy } = parseManagedPolicy({ hideProfileEditing: true, clipboardClearSec: 15 });
    expect(policy).toMatchObject({ hideProfileEditing: true, clipboardClearSec: 15 });
    const wrong = parseManagedPolicy({ hideProfileEditing: 'yes', clipboardClearSec: 15 });
    expect(wrong.policy.hideProfileEditing).toBe(false);
    expect(wrong.policy.clipboardClearSec).toBeUndefined();
    expect(wrong.problems).toEqual(['settings: ignored, they do not match the schema']);
  });
});
