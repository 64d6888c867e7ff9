/**
 * The details view of a live session: when it was signed in, last renewed, will be renewed next
 * and ends, what its traffic showed, and the access token's header and claims when it is a JWT of
 * a readable size. Never the token, the refresh token or the signature. The pure function first,
 * then the records the worker really leaves after a sign-in and a renewal on the sandbox.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refreshDueAt } from '../../../../src/background/refresh/timing.ts';
import { refreshSession } from '../../../../src/background/refresh/refresher.ts';
import { sessionDetails } from '../../../../src/shared/sessions/details.ts';
import {
  isLivePublic,
  publicRecord,
  type LiveRecord,
  type PublicLiveRecord,
} from '../../../../src/shared/sessions/record.ts';
import { sessionItems } from '../../../../src/shared/storage-items.ts';
import { readItem } from '../../../../src/shared/storage.ts';
import { signIn } from '../../../../src/background/sessions/sign-in.ts';
import type { Profile } from '../../../../src/shared/profile.ts';
import { browser } from '../support/worker-browser.ts';
import { addProfile, DEMO, storedSession, useSandbox } from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));
afterEach(() => {
  vi.useRealTimers();
});

const MINUTE = 60_000;
const SIGNED_IN = Date.UTC(2026, 10, 27, 9, 0, 0);
const LIFETIME = 60 * MINUTE;

const part = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const SIGNATURE = 'c2lnbmF0dXJlLW9mLXRoZS1pc3N1ZXI';
const HEADER = { alg: 'HS256', typ: 'JWT' };
const CLAIMS = { sub: 'Øyvind', exp: (SIGNED_IN + LIFETIME) / 1000, scope: ['read', 'trade'] };
const jwt = (claims: unknown = CLAIMS) => `${part(HEADER)}.${part(claims)}.${SIGNATURE}`;
const REFRESH_TOKEN = 'refresh-token-that-must-stay-inside';

const profile = (broker: Profile['broker'] = 'traderevolution'): Profile => ({
  id: 'p1',
  name: 'desk',
  broker,
  apiBaseUrl: 'https://bo.example:8443/proftrading/rest',
  webAppOrigins: [],
  staySignedIn: false,
  refreshMarginSec: 300,
});

/** A live session as pages read it: without its tokens (publicRecord takes them out). */
function record(
  extra: Partial<LiveRecord> = {},
  tokens: Partial<LiveRecord['tokens']> = {},
): PublicLiveRecord {
  const full: LiveRecord = {
    profileId: 'p1',
    state: 'active',
    sessionId: 's1',
    updatedAt: SIGNED_IN,
    signedInAt: SIGNED_IN,
    tokensIssuedAt: SIGNED_IN,
    tokens: {
      accessToken: jwt(),
      expiresAt: SIGNED_IN + LIFETIME,
      refreshToken: REFRESH_TOKEN,
      ...tokens,
    },
    ...extra,
  };
  const visible = publicRecord(full);
  if (!isLivePublic(visible)) throw new Error('not live');
  return visible;
}

const NO_TRAFFIC = { requestsLastHour: 0 };

describe('sessionDetails', () => {
  it('right after sign-in: signed in, no renewal yet, the next one planned, and the JWT’s parts', () => {
    expect(sessionDetails(profile(), record(), NO_TRAFFIC, true)).toEqual({
      signedInAt: SIGNED_IN,
      lastRenewalAt: undefined,
      nextRenewalAt: refreshDueAt(SIGNED_IN, SIGNED_IN + LIFETIME, 300),
      endsAt: SIGNED_IN + LIFETIME,
      requestsLastHour: 0,
      lastRefusal: undefined,
      jwt: { header: HEADER, claims: CLAIMS },
    });
    // Five minutes (the margin) before the end of the token.
    expect(sessionDetails(profile(), record(), NO_TRAFFIC, true).nextRenewalAt).toBe(
      SIGNED_IN + LIFETIME - 5 * MINUTE,
    );
  });

  it('after a renewal: the renewal’s time, and the next renewal counted from the new tokens', () => {
    const renewedAt = SIGNED_IN + 55 * MINUTE;
    const renewed = record({ tokensIssuedAt: renewedAt }, { expiresAt: renewedAt + LIFETIME });
    const details = sessionDetails(profile(), renewed, NO_TRAFFIC, true);
    expect(details).toMatchObject({
      signedInAt: SIGNED_IN,
      lastRenewalAt: renewedAt,
      nextRenewalAt: renewedAt + LIFETIME - 5 * MINUTE,
      endsAt: renewedAt + LIFETIME,
    });
  });

  it('a session brought back by "Stay signed in" counts from that renewal: no earlier renewal shown', () => {
    const restoredAt = SIGNED_IN + 3 * MINUTE;
    const restored = record({ signedInAt: restoredAt, tokensIssuedAt: restoredAt });
    expect(sessionDetails(profile(), restored, NO_TRAFFIC, true)).toMatchObject({
      signedInAt: restoredAt,
      lastRenewalAt: undefined,
    });
  });

  it('a record from before signedInAt was kept shows neither time, but still the rest', () => {
    const older = record({ signedInAt: undefined, tokensIssuedAt: SIGNED_IN + MINUTE });
    const details = sessionDetails(profile(), older, NO_TRAFFIC, true);
    expect(details.signedInAt).toBeUndefined();
    expect(details.lastRenewalAt).toBeUndefined();
    expect(details.endsAt).toBe(SIGNED_IN + LIFETIME);
  });

  it('a planned retry (a transient failure, or a renewal out) is the next renewal', () => {
    const retryAt = SIGNED_IN + 57 * MINUTE;
    expect(sessionDetails(profile(), record({ retryAt }), NO_TRAFFIC, true).nextRenewalAt).toBe(retryAt);
    expect(
      sessionDetails(profile(), record({ state: 'refreshing', retryAt }), NO_TRAFFIC, true).nextRenewalAt,
    ).toBe(retryAt);
  });

  it.each([
    ['a broker without renewal (ETNA)', profile('etna'), record({}, { refreshToken: undefined }), false],
    ['ETNA, even if a record held a refresh token', profile('etna'), record(), false],
    ['a renewable broker without a refresh token', profile(), record({}, { refreshToken: undefined }), true],
    ['ETNA with a planned retry', profile('etna'), record({ retryAt: SIGNED_IN + MINUTE }), false],
  ])('no next renewal for %s; the end is when the token ends', (_, owner, live, renewable) => {
    const details = sessionDetails(owner, live, NO_TRAFFIC, renewable);
    expect(details.nextRenewalAt).toBeUndefined();
    expect(details).not.toHaveProperty('nextRenewalAt', expect.anything());
    expect(details.endsAt).toBe(SIGNED_IN + LIFETIME);
  });

  it('shows the traffic it is given: the requests of the last hour and the last refusal', () => {
    const lastRefusal = { at: SIGNED_IN + MINUTE, status: 401, path: '/v2/accounts' };
    expect(sessionDetails(profile(), record(), { requestsLastHour: 42, lastRefusal }, true)).toMatchObject({
      requestsLastHour: 42,
      lastRefusal,
    });
  });

  it.each([
    ['an opaque token', 'Zm9vYmFyYmF6cXV4'],
    ['ETNA’s base64 token', 'AbC+/dEf=='],
    ['two parts of a JWT', `${part(HEADER)}.${part(CLAIMS)}`],
    ['a JWT whose claims are no JSON object', `${part(HEADER)}.${part(['sub'])}.${SIGNATURE}`],
  ])('no jwt for %s', (_, accessToken) => {
    expect(sessionDetails(profile(), record({}, { accessToken }), NO_TRAFFIC, true).jwt).toBeUndefined();
  });

  it('no jwt for one too big to show (a claim that does not fit is left out, not cut)', () => {
    const oversized = jwt({ ...CLAIMS, groups: Array.from({ length: 400 }, (_, i) => `group-${i}`) });
    const details = sessionDetails(profile(), record({}, { accessToken: oversized }), NO_TRAFFIC, true);
    expect(details.jwt).toBeUndefined();
    // The rest of the view is still there.
    expect(details.endsAt).toBe(SIGNED_IN + LIFETIME);
  });

  it('shows a JWT just under the size limit, and not one just over it', () => {
    // Grows a claim until the parts no longer fit (4 096 characters of JSON).
    const sized = (length: number) => jwt({ sub: 'x', pad: 'a'.repeat(length) });
    const shown = (length: number) =>
      sessionDetails(profile(), record({}, { accessToken: sized(length) }), NO_TRAFFIC, true).jwt;
    const overhead = JSON.stringify({ header: HEADER, claims: { sub: 'x', pad: '' } }).length;
    expect(shown(4_096 - overhead)).toBeDefined();
    expect(shown(4_096 - overhead + 1)).toBeUndefined();
  });

  it.each([
    ['a JWT', jwt()],
    ['an opaque token', 'opaque-access-token-0123456789'],
  ])('never contains the token, its signature or the refresh token (%s)', (_, accessToken) => {
    const lastRefusal = { at: SIGNED_IN, status: 401, path: '/v2/accounts' };
    const details = sessionDetails(
      profile(),
      record({}, { accessToken }),
      { requestsLastHour: 3, lastRefusal },
      true,
    );
    const text = JSON.stringify(details);
    expect(text).not.toContain(accessToken);
    expect(text).not.toContain(SIGNATURE);
    expect(text).not.toContain(REFRESH_TOKEN);
  });
});

/** The live session as a page reads it from storage: without its secrets. */
async function visibleLive(profileId: string): Promise<PublicLiveRecord> {
  const visible = (await readItem(sessionItems.sessions))[profileId];
  if (!isLivePublic(visible)) throw new Error('not live');
  return visible;
}

describe('the details of the sessions the worker keeps (sandbox)', () => {
  const sandbox = useSandbox({ config: { accessTokenLifetimeSec: 60 } });

  it('TraderEvolution: no renewal right after sign-in, the renewal’s time after one', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const owner = await addProfile(sandbox(), 'traderevolution');
    await signIn(owner.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    const signedIn = (await storedSession(owner.id)) as LiveRecord;
    const first = sessionDetails(owner, await visibleLive(owner.id), NO_TRAFFIC, true);
    expect(first.signedInAt).toBe(signedIn.signedInAt);
    expect(first.lastRenewalAt).toBeUndefined();
    expect(first.nextRenewalAt).toBe(
      refreshDueAt(signedIn.tokensIssuedAt, signedIn.tokens.expiresAt, owner.refreshMarginSec),
    );
    // The time shown is the time the renewal alarm is set for.
    expect((await browser.alarms.get(`refresh:${owner.id}`))?.scheduledTime).toBe(first.nextRenewalAt);
    expect(first.jwt?.claims).toMatchObject({ sub: DEMO.traderevolution.username });

    // At least a millisecond later, as any real renewal is.
    vi.setSystemTime(Date.now() + 1);
    await refreshSession(owner.id);
    const renewed = (await storedSession(owner.id)) as LiveRecord;
    expect(renewed.tokens.accessToken).not.toBe(signedIn.tokens.accessToken);
    const after = sessionDetails(owner, await visibleLive(owner.id), NO_TRAFFIC, true);
    expect(after.signedInAt).toBe(signedIn.signedInAt);
    expect(after.lastRenewalAt).toBe(renewed.tokensIssuedAt);
    expect(after.lastRenewalAt).toBeGreaterThan(signedIn.signedInAt!);
    expect((await browser.alarms.get(`refresh:${owner.id}`))?.scheduledTime).toBe(after.nextRenewalAt);

    for (const details of [first, after]) {
      const text = JSON.stringify(details);
      for (const secret of [
        signedIn.tokens.accessToken,
        signedIn.tokens.refreshToken!,
        renewed.tokens.accessToken,
        renewed.tokens.refreshToken!,
        signedIn.tokens.accessToken.split('.')[2]!,
        renewed.tokens.accessToken.split('.')[2]!,
      ])
        expect(text).not.toContain(secret);
    }
  });

  it('ETNA: no next renewal, the end is the token’s end', async () => {
    const owner = await addProfile(sandbox(), 'etna');
    await signIn(owner.id, 'etna-plain', DEMO.etna.password);
    const live = (await storedSession(owner.id)) as LiveRecord;
    expect(live.state).toBe('active');
    const details = sessionDetails(owner, await visibleLive(owner.id), NO_TRAFFIC, false);
    expect(details.nextRenewalAt).toBeUndefined();
    expect(details.endsAt).toBe(live.tokens.expiresAt);
    expect(details.lastRenewalAt).toBeUndefined();
    // ETNA's token is opaque: nothing to decode, and nothing of it shown.
    expect(details.jwt).toBeUndefined();
    expect(JSON.stringify(details)).not.toContain(live.tokens.accessToken);
  });
});
