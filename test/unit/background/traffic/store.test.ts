/**
 * What the worker keeps of each profile's API traffic: request counts per minute for the session
 * in force (the last hour only), its last refusal, and the automatic renewals after a refusal (the
 * hourly cap counts them). In memory, on storage.session within a second; a stored value of
 * another shape starts over. The module keeps a cache per profile for the life of the worker, so
 * every test here uses profiles of its own.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  countRefusalRenewal,
  countRequest,
  flushTraffic,
  forgetTraffic,
  noteRefusal,
  readTraffic,
  recentRefusalRenewals,
} from '../../../../src/background/traffic/store.ts';
import { browser, resetWorkerBrowser } from '../support/worker-browser.ts';
import { storedValue } from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

const newProfile = () => `profile-${crypto.randomUUID()}`;
const stored = (profileId: string) => storedValue('session', `traffic:${profileId}`);
const requestsOf = async (profileId: string, sessionId: string, now: number) =>
  (await readTraffic([{ profileId, sessionId }], now)).get(profileId)!;

beforeEach(() => resetWorkerBrowser());
afterEach(async () => {
  // A flush planned under fake timers must not stay planned on a clock that no longer runs.
  await flushTraffic();
  vi.useRealTimers();
});

describe('request counts', () => {
  it('are counted per session, and another session of the same profile reads none of them', async () => {
    const profileId = newProfile();
    for (let i = 0; i < 3; i++) await countRequest(profileId, 'session-1', T0 + i * 1_000);
    await countRequest(profileId, 'session-1', T0 + 2 * MINUTE);
    expect(await requestsOf(profileId, 'session-1', T0 + 3 * MINUTE)).toEqual({ requestsLastHour: 4 });
    expect(await requestsOf(profileId, 'session-2', T0 + 3 * MINUTE)).toEqual({ requestsLastHour: 0 });
  });

  it('are kept apart per profile', async () => {
    const [first, second] = [newProfile(), newProfile()];
    await countRequest(first, 'session-a', T0);
    await countRequest(first, 'session-a', T0);
    await countRequest(second, 'session-b', T0);
    const both = await readTraffic(
      [
        { profileId: first, sessionId: 'session-a' },
        { profileId: second, sessionId: 'session-b' },
      ],
      T0,
    );
    expect(both.get(first)?.requestsLastHour).toBe(2);
    expect(both.get(second)?.requestsLastHour).toBe(1);
  });

  it('start over for a new sign-in (another sessionId): the old counts and refusal are gone', async () => {
    const profileId = newProfile();
    for (let i = 0; i < 5; i++) await countRequest(profileId, 'old', T0);
    await noteRefusal(profileId, 'old', { at: T0, status: 401, path: '/v2/accounts' });
    await countRequest(profileId, 'new', T0 + MINUTE);
    expect(await requestsOf(profileId, 'new', T0 + MINUTE)).toEqual({ requestsLastHour: 1 });
    // The old session's counts were replaced, not kept beside the new ones.
    expect(await requestsOf(profileId, 'old', T0 + MINUTE)).toEqual({ requestsLastHour: 0 });
    await flushTraffic();
    expect(await stored(profileId)).toEqual({
      refusalRenewals: [],
      session: { sessionId: 'new', perMinute: { [String((T0 + MINUTE) / MINUTE)]: 1 } },
    });
  });

  it('count the last hour only, when read and when written', async () => {
    const profileId = newProfile();
    await countRequest(profileId, 's', T0);
    await countRequest(profileId, 's', T0 + 10_000);
    await countRequest(profileId, 's', T0 + 30 * MINUTE);
    expect((await requestsOf(profileId, 's', T0 + 59 * MINUTE)).requestsLastHour).toBe(3);
    // The first minute is more than an hour ago.
    expect((await requestsOf(profileId, 's', T0 + 61 * MINUTE)).requestsLastHour).toBe(1);
    expect((await requestsOf(profileId, 's', T0 + 91 * MINUTE)).requestsLastHour).toBe(0);

    // A new count drops the minutes that fell out of the hour from what is kept.
    await countRequest(profileId, 's', T0 + 61 * MINUTE);
    await flushTraffic();
    const perMinute = (await stored(profileId)) as { session: { perMinute: Record<string, number> } };
    expect(perMinute.session.perMinute).toEqual({
      [String(T0 / MINUTE + 30)]: 1,
      [String(T0 / MINUTE + 61)]: 1,
    });
  });
});

describe('the last refusal', () => {
  it('is the session’s latest 401 or 403, with its time, status and path', async () => {
    const profileId = newProfile();
    await noteRefusal(profileId, 's', { at: T0, status: 403, path: '/v1.0/accounts' });
    await noteRefusal(profileId, 's', { at: T0 + 1_000, status: 401, path: '/v1.0/orders' });
    expect(await requestsOf(profileId, 's', T0 + 2_000)).toEqual({
      requestsLastHour: 0,
      lastRefusal: { at: T0 + 1_000, status: 401, path: '/v1.0/orders' },
    });
  });
});

describe('writing to storage.session', () => {
  it('happens within about a second of a count, once for a whole burst', async () => {
    vi.useFakeTimers({ now: T0 });
    const profileId = newProfile();
    const set = vi.spyOn(browser.storage.session, 'set');
    for (let i = 0; i < 50; i++) await countRequest(profileId, 's', T0);
    expect(await stored(profileId)).toBeUndefined();
    await vi.advanceTimersByTimeAsync(999);
    expect(await stored(profileId)).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(await stored(profileId)).toEqual({
      refusalRenewals: [],
      session: { sessionId: 's', perMinute: { [String(T0 / MINUTE)]: 50 } },
    });
    expect(set).toHaveBeenCalledTimes(1);

    // The next count is written a second later again, with the new total.
    await countRequest(profileId, 's', T0 + 5_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(set).toHaveBeenCalledTimes(2);
    expect(await stored(profileId)).toMatchObject({ session: { perMinute: { [String(T0 / MINUTE)]: 51 } } });
  });

  it('is read back by a worker that starts over (nothing in memory yet)', async () => {
    const profileId = newProfile();
    const minute = String(T0 / MINUTE);
    await browser.storage.session.set({
      [`traffic:${profileId}`]: {
        refusalRenewals: [T0 - MINUTE],
        session: {
          sessionId: 's',
          perMinute: { [minute]: 7 },
          lastRefusal: { at: T0, status: 401, path: '/x' },
        },
      },
    });
    expect(await requestsOf(profileId, 's', T0 + MINUTE)).toEqual({
      requestsLastHour: 7,
      lastRefusal: { at: T0, status: 401, path: '/x' },
    });
    expect(await recentRefusalRenewals(profileId, T0)).toBe(1);
  });

  it.each<[string, unknown]>([
    ['a string', 'traffic'],
    ['null', null],
    ['an array', [1, 2, 3]],
    ['a session without an id', { refusalRenewals: [], session: { perMinute: { 1: 1 } } }],
    ['a session with a numeric id', { refusalRenewals: [], session: { sessionId: 7, perMinute: {} } }],
    ['a session without counts', { refusalRenewals: [], session: { sessionId: 's' } }],
    [
      'counts that are not an object',
      { refusalRenewals: [], session: { sessionId: 's', perMinute: 'many' } },
    ],
    ['renewals that are not a list', { refusalRenewals: 'many' }],
  ])('of another shape (%s) is dropped, not trusted', async (_, value) => {
    const profileId = newProfile();
    await browser.storage.session.set({ [`traffic:${profileId}`]: value });
    expect(await requestsOf(profileId, 's', T0)).toEqual({ requestsLastHour: 0 });
    expect(await recentRefusalRenewals(profileId, T0)).toBe(0);
    // Counting starts over from a clean value.
    await countRequest(profileId, 's', T0);
    await flushTraffic();
    expect(await stored(profileId)).toEqual({
      refusalRenewals: [],
      session: { sessionId: 's', perMinute: { [String(T0 / MINUTE)]: 1 } },
    });
  });

  it('drops a renewal list that holds something else too, rather than trusting any of it', async () => {
    const profileId = newProfile();
    await browser.storage.session.set({
      [`traffic:${profileId}`]: {
        // A time written as text would count (T0 - "…" is a number): it is not one.
        refusalRenewals: [T0 - MINUTE, String(T0 - 30 * MINUTE), 'soon', null, { at: T0 }, T0 - 2 * MINUTE],
      },
    });
    expect(await recentRefusalRenewals(profileId, T0)).toBe(0);
    await countRefusalRenewal(profileId, T0);
    expect(await stored(profileId)).toEqual({ refusalRenewals: [T0] });
  });

  it.each<[string, unknown]>([
    ['counts that are text', { [String(T0 / MINUTE)]: 'lots' }],
    ['counts that are lists', { [String(T0 / MINUTE)]: [1, 2] }],
    [
      'a count that is not a number beside one that is',
      { [String(T0 / MINUTE)]: 2, [String(T0 / MINUTE - 1)]: '3' },
    ],
    ['minutes that are not numbers', { soon: 4, [String(T0 / MINUTE)]: 2 }],
  ])('drops %s: the count read is always a number', async (_, perMinute) => {
    const profileId = newProfile();
    await browser.storage.session.set({
      [`traffic:${profileId}`]: { refusalRenewals: [], session: { sessionId: 's', perMinute } },
    });
    const { requestsLastHour } = await requestsOf(profileId, 's', T0 + 1_000);
    expect(typeof requestsLastHour).toBe('number');
    expect(Number.isFinite(requestsLastHour)).toBe(true);
    await countRequest(profileId, 's', T0 + 1_000);
    expect(typeof (await requestsOf(profileId, 's', T0 + 1_000)).requestsLastHour).toBe('number');
  });

  it.each<[string, unknown]>([
    ['text', 'yesterday'],
    ['a refusal without a status', { at: T0, path: '/x' }],
    ['a refusal with a path that is not text', { at: T0, status: 401, path: 42 }],
  ])('drops a last refusal that is %s', async (_, lastRefusal) => {
    const profileId = newProfile();
    await browser.storage.session.set({
      [`traffic:${profileId}`]: {
        refusalRenewals: [],
        session: { sessionId: 's', perMinute: {}, lastRefusal },
      },
    });
    expect(await requestsOf(profileId, 's', T0)).toEqual({ requestsLastHour: 0 });
  });
});

describe('renewals after a refusal', () => {
  it('are counted per profile over the last hour, and written at once', async () => {
    const profileId = newProfile();
    await countRefusalRenewal(profileId, T0);
    expect(await stored(profileId)).toEqual({ refusalRenewals: [T0] });
    await countRefusalRenewal(profileId, T0 + 20 * MINUTE);
    await countRefusalRenewal(profileId, T0 + 40 * MINUTE);
    expect(await recentRefusalRenewals(profileId, T0 + 40 * MINUTE)).toBe(3);
    expect(await recentRefusalRenewals(profileId, T0 + HOUR)).toBe(2);
    expect(await recentRefusalRenewals(profileId, T0 + 2 * HOUR)).toBe(0);
    // A new count forgets the ones older than an hour.
    await countRefusalRenewal(profileId, T0 + 70 * MINUTE);
    expect(await stored(profileId)).toEqual({
      refusalRenewals: [T0 + 20 * MINUTE, T0 + 40 * MINUTE, T0 + 70 * MINUTE],
    });
  });

  it('outlive a new sign-in of the profile (the cap is per profile, not per session)', async () => {
    const profileId = newProfile();
    await countRequest(profileId, 'old', T0);
    await countRefusalRenewal(profileId, T0);
    await countRequest(profileId, 'new', T0 + MINUTE);
    expect(await recentRefusalRenewals(profileId, T0 + MINUTE)).toBe(1);
  });
});

describe('forgetTraffic', () => {
  it('removes what is stored and what is in memory', async () => {
    const profileId = newProfile();
    await countRequest(profileId, 's', T0);
    await countRefusalRenewal(profileId, T0);
    expect(await stored(profileId)).toBeDefined();
    await forgetTraffic(profileId);
    expect(await stored(profileId)).toBeUndefined();
    expect(await requestsOf(profileId, 's', T0)).toEqual({ requestsLastHour: 0 });
    expect(await recentRefusalRenewals(profileId, T0)).toBe(0);
  });

  it('leaves nothing for a write that was still planned to bring back', async () => {
    vi.useFakeTimers({ now: T0 });
    const [forgotten, kept] = [newProfile(), newProfile()];
    await countRequest(forgotten, 's', T0);
    await countRequest(kept, 't', T0);
    await forgetTraffic(forgotten);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await stored(forgotten)).toBeUndefined();
    expect(await stored(kept)).toBeDefined();
  });
});
