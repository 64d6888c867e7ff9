/**
 * What the worker does when the broker refuses the token in force (a 401 seen on the API traffic):
 * one renewal, through the single-flight refresh, however many refusals arrive; Rejected when the
 * broker cannot renew (ETNA), when the renewal fails in any way, when the renewed token is refused
 * again soon after, or past the hourly cap; nothing at all for tokens already replaced or for
 * another session. The real protocols against the real sandbox over HTTP, on the fake browser.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SandboxBroker } from '../../../../sandbox/index.ts';
import { refreshSession } from '../../../../src/background/refresh/refresher.ts';
import {
  answerRefusal,
  REFUSAL_RENEWALS_PER_HOUR,
  REFUSED_AGAIN_WINDOW_MS,
  type RefusedTokens,
} from '../../../../src/background/refresh/refusal-response.ts';
import type { SessionRecord } from '../../../../src/shared/sessions/record.ts';
import { signIn } from '../../../../src/background/sessions/sign-in.ts';
import { updateSession } from '../../../../src/background/sessions/store.ts';
import { badge, browser, notifications } from '../support/worker-browser.ts';
import {
  addProfile,
  attachedTokens,
  DEMO,
  latestAccess,
  storedSession,
  useSandbox,
} from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const sandbox = useSandbox();
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const MINUTE = 60_000;

type Renewable = Exclude<SandboxBroker, 'etna'>;

/** Where each broker renews (Volven renews on its sign-in path), and a user without a code step. */
const BROKER: Record<Renewable, { renewalPath: string; username: string; password: string }> = {
  traderevolution: { renewalPath: '/auth/token/refresh', ...DEMO.traderevolution },
  volven: {
    renewalPath: '/httpserver/main/v2/auth/login',
    username: 'nomfa@volven.test',
    password: 'volven-demo',
  },
};

/** Signs in and forgets the sign-in's requests: what the sandbox sees from then on is the test's. */
async function signedIn(broker: SandboxBroker = 'traderevolution') {
  const profile = await addProfile(sandbox(), broker);
  const { username, password } =
    broker === 'etna' ? { username: 'etna-plain', password: DEMO.etna.password } : BROKER[broker];
  await signIn(profile.id, username, password);
  expect((await storedSession(profile.id))?.state).toBe('active');
  sandbox().clearRequests();
  return profile;
}

/** What traffic/watch.ts passes on for a 401 of the tokens now in force. */
async function refusalOfCurrentTokens(profileId: string): Promise<RefusedTokens> {
  const record = await storedSession(profileId);
  return { profileId, sessionId: record!.sessionId!, tokensIssuedAt: record!.tokensIssuedAt! };
}

const renewals = (broker: Renewable = 'traderevolution') =>
  sandbox().requests({ broker, path: BROKER[broker].renewalPath });

/** The stored record, changed as a stopped worker or a clock would have left it. */
async function editStoredSession(profileId: string, edit: (record: SessionRecord) => SessionRecord) {
  await updateSession(profileId, (record) => edit(record!));
}

async function expectRejected(profileId: string, name: string) {
  const session = await storedSession(profileId);
  expect(session).toMatchObject({ state: 'rejected', error: { code: 'session-rejected' } });
  expect(session?.tokens).toBeUndefined();
  expect(attachedTokens()).toEqual([]);
  expect(await browser.alarms.getAll()).toEqual([]);
  expect(notifications).toEqual([expect.objectContaining({ title: `${name}: session rejected` })]);
  expect(badge.text).toBe('!');
}

describe('a refusal of a renewable session', () => {
  it.each<Renewable>(['traderevolution', 'volven'])(
    '%s: a burst of 20 refusals at once → exactly one renewal; active with the new tokens, attached',
    async (broker) => {
      const profile = await signedIn(broker);
      const before = await storedSession(profile.id);
      const refused = await refusalOfCurrentTokens(profile.id);

      await Promise.all(Array.from({ length: 20 }, () => answerRefusal(refused)));

      expect(renewals(broker)).toHaveLength(1);
      const after = await storedSession(profile.id);
      expect(after).toMatchObject({ state: 'active', sessionId: before?.sessionId });
      expect(after?.tokens?.accessToken).not.toBe(before?.tokens?.accessToken);
      expect(after?.tokens?.accessToken).toBe(latestAccess(sandbox(), broker));
      expect(after?.tokensIssuedAt).toBeGreaterThan(before!.tokensIssuedAt!);
      expect(after?.renewedAfterRefusalAt).toBe(after?.tokensIssuedAt);
      expect(attachedTokens()).toContain(`Bearer ${after?.tokens?.accessToken}`);
      expect(attachedTokens()).not.toContain(`Bearer ${before?.tokens?.accessToken}`);
      expect(notifications).toEqual([]);

      // The burst's late arrivals name the tokens just replaced: nothing more is sent.
      await Promise.all(Array.from({ length: 5 }, () => answerRefusal(refused)));
      expect(renewals(broker)).toHaveLength(1);
      expect((await storedSession(profile.id))?.tokens?.accessToken).toBe(after?.tokens?.accessToken);
    },
  );

  it('joins a renewal already out (the alarm’s): still one request, and it counts as the answer', async () => {
    const profile = await signedIn();
    const held = sandbox().holdNext('traderevolution', '/auth/token/refresh');
    const refused = await refusalOfCurrentTokens(profile.id);
    const alarm = refreshSession(profile.id);
    await held.arrived;
    const answering = Promise.all(Array.from({ length: 5 }, () => answerRefusal(refused)));
    held.release();
    await Promise.all([alarm, answering]);
    expect(renewals()).toHaveLength(1);
    const after = await storedSession(profile.id);
    expect(after?.state).toBe('active');
    expect(after?.renewedAfterRefusalAt).toBe(after?.tokensIssuedAt);
  });

  it.each<Renewable>(['traderevolution', 'volven'])(
    '%s: everything revoked → the one renewal is refused → Rejected, rules gone, the user told once',
    async (broker) => {
      const profile = await signedIn(broker);
      const refused = await refusalOfCurrentTokens(profile.id);
      sandbox().revokeAll(broker);
      await Promise.all(Array.from({ length: 20 }, () => answerRefusal(refused)));
      expect(renewals(broker)).toHaveLength(1);
      await expectRejected(profile.id, profile.name);
    },
  );
});

describe('a renewal after a refusal that fails in any way rejects the session, never retried', () => {
  it.each(['drop', '500', '429', 'malformed', 'redirect'] as const)(
    'a %s on the renewal → Rejected after that one request, no retry planned',
    async (kind) => {
      const profile = await signedIn();
      sandbox().injectFaults('traderevolution', {
        kind,
        count: 1,
        path: '/auth/token/refresh',
        retryAfterSec: 1,
      });
      await answerRefusal(await refusalOfCurrentTokens(profile.id));
      expect(renewals()).toHaveLength(1);
      await expectRejected(profile.id, profile.name);
    },
  );

  it('a renewal that times out → Rejected, not retried', async () => {
    // A 4 s token gives the renewal 2 s to answer (half of what is left).
    sandbox().configure({ accessTokenLifetimeSec: 4 });
    const profile = await signedIn();
    sandbox().injectFaults('traderevolution', { kind: 'hang', count: 1, path: '/auth/token/refresh' });
    const started = Date.now();
    await answerRefusal(await refusalOfCurrentTokens(profile.id));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(renewals()).toHaveLength(1);
    await expectRejected(profile.id, profile.name);
  });
});

describe('a session that cannot renew', () => {
  it('ETNA (no renewal): Rejected at once, with no request to the broker', async () => {
    const profile = await signedIn('etna');
    const refused = await refusalOfCurrentTokens(profile.id);
    await Promise.all(Array.from({ length: 20 }, () => answerRefusal(refused)));
    expect(sandbox().requests({ broker: 'etna' })).toEqual([]);
    await expectRejected(profile.id, profile.name);
  });

  it('ETNA is Rejected for being ETNA, even with a refresh token in its record', async () => {
    const profile = await signedIn('etna');
    const refused = await refusalOfCurrentTokens(profile.id);
    await editStoredSession(profile.id, (record) =>
      record.state === 'active' ? { ...record, tokens: { ...record.tokens, refreshToken: 'stray' } } : record,
    );
    await answerRefusal(refused);
    expect(sandbox().requests({ broker: 'etna' })).toEqual([]);
    await expectRejected(profile.id, profile.name);
  });

  it('tokens already renewed once after a refusal (a worker stopped meanwhile): Rejected, no request', async () => {
    const profile = await signedIn();
    const refused = await refusalOfCurrentTokens(profile.id);
    // What a worker stopped during that renewal leaves behind: the mark, and no renewal out.
    await editStoredSession(profile.id, (record) => ({
      ...record,
      refusedRenewal: { tokensIssuedAt: refused.tokensIssuedAt, at: Date.now() - 1_000 },
    }));
    await answerRefusal(refused);
    expect(renewals()).toEqual([]);
    await expectRejected(profile.id, profile.name);
  });
});

describe('a refusal soon after a renewal it caused', () => {
  it('within the window: renewing does not help, Rejected without a second request', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const profile = await signedIn();
    vi.setSystemTime(Date.now() + MINUTE);
    await answerRefusal(await refusalOfCurrentTokens(profile.id));
    expect((await storedSession(profile.id))?.state).toBe('active');

    vi.setSystemTime(Date.now() + REFUSED_AGAIN_WINDOW_MS - 1);
    await answerRefusal(await refusalOfCurrentTokens(profile.id));
    expect(renewals()).toHaveLength(1);
    await expectRejected(profile.id, profile.name);
  });

  it('after the window: renewed again (one more request), still active', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const profile = await signedIn();
    vi.setSystemTime(Date.now() + MINUTE);
    await answerRefusal(await refusalOfCurrentTokens(profile.id));

    vi.setSystemTime(Date.now() + REFUSED_AGAIN_WINDOW_MS);
    await answerRefusal(await refusalOfCurrentTokens(profile.id));
    expect(renewals()).toHaveLength(2);
    expect((await storedSession(profile.id))?.state).toBe('active');
    expect(notifications).toEqual([]);
  });

  it('an ordinary renewal (the alarm’s) does not open the window: a refusal then is renewed', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const profile = await signedIn();
    vi.setSystemTime(Date.now() + MINUTE);
    await refreshSession(profile.id);
    expect((await storedSession(profile.id))?.renewedAfterRefusalAt).toBeUndefined();
    vi.setSystemTime(Date.now() + 1_000);
    await answerRefusal(await refusalOfCurrentTokens(profile.id));
    expect(renewals()).toHaveLength(2);
    expect((await storedSession(profile.id))?.state).toBe('active');
  });
});

describe('the hourly cap', () => {
  /** Refusals spaced beyond the refused-again window, each renewed. */
  async function renewAfterRefusals(profileId: string, count: number) {
    for (let i = 0; i < count; i++) {
      vi.setSystemTime(Date.now() + REFUSED_AGAIN_WINDOW_MS + MINUTE);
      await answerRefusal(await refusalOfCurrentTokens(profileId));
      expect((await storedSession(profileId))?.state).toBe('active');
    }
  }

  it(`after ${REFUSAL_RENEWALS_PER_HOUR} renewals within an hour, the next refusal rejects without a request`, async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const profile = await signedIn();
    await renewAfterRefusals(profile.id, REFUSAL_RENEWALS_PER_HOUR);
    expect(renewals()).toHaveLength(REFUSAL_RENEWALS_PER_HOUR);

    vi.setSystemTime(Date.now() + REFUSED_AGAIN_WINDOW_MS + MINUTE);
    await answerRefusal(await refusalOfCurrentTokens(profile.id));
    expect(renewals()).toHaveLength(REFUSAL_RENEWALS_PER_HOUR);
    await expectRejected(profile.id, profile.name);
  });

  it('counts the last hour only: once the first renewal is an hour old, a refusal renews again', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const profile = await signedIn();
    const start = Date.now();
    await renewAfterRefusals(profile.id, REFUSAL_RENEWALS_PER_HOUR);
    const firstRenewal = start + REFUSED_AGAIN_WINDOW_MS + MINUTE;

    vi.setSystemTime(firstRenewal + 60 * MINUTE);
    await answerRefusal(await refusalOfCurrentTokens(profile.id));
    expect(renewals()).toHaveLength(REFUSAL_RENEWALS_PER_HOUR + 1);
    expect((await storedSession(profile.id))?.state).toBe('active');
  });

  it('is per profile: another profile’s renewals do not count', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const busy = await signedIn();
    await renewAfterRefusals(busy.id, REFUSAL_RENEWALS_PER_HOUR);
    const other = await signedIn();
    vi.setSystemTime(Date.now() + MINUTE);
    await answerRefusal(await refusalOfCurrentTokens(other.id));
    expect((await storedSession(other.id))?.state).toBe('active');
    expect(renewals()).toHaveLength(1);
  });
});

describe('a refusal that is not about the tokens in force', () => {
  it('of tokens already replaced by a renewal: ignored, no request, nothing changed', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const profile = await signedIn();
    const refusedEarlier = await refusalOfCurrentTokens(profile.id);
    vi.setSystemTime(Date.now() + 1); // the renewal's tokens are issued a millisecond later
    await refreshSession(profile.id);
    sandbox().clearRequests();
    const before = await storedSession(profile.id);

    await Promise.all(Array.from({ length: 5 }, () => answerRefusal(refusedEarlier)));
    expect(sandbox().requests()).toEqual([]);
    expect(await storedSession(profile.id)).toEqual(before);
    expect(notifications).toEqual([]);
  });

  it('of the old session after a new sign-in (issued the same millisecond): the new one is untouched', async () => {
    // A frozen clock gives both sign-ins the same tokensIssuedAt: only the session tells them apart.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const profile = await signedIn();
    const oldSession = await refusalOfCurrentTokens(profile.id);
    await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    sandbox().clearRequests();
    const fresh = await storedSession(profile.id);
    expect(fresh?.sessionId).not.toBe(oldSession.sessionId);
    expect(fresh?.tokensIssuedAt).toBe(oldSession.tokensIssuedAt);

    await answerRefusal(oldSession);
    expect(sandbox().requests()).toEqual([]);
    expect(await storedSession(profile.id)).toEqual(fresh);
    expect(notifications).toEqual([]);
  });

  it('of the old session whose renewal fails after a new sign-in: the new one stays active', async () => {
    const profile = await signedIn();
    const held = sandbox().holdNext('traderevolution', '/auth/token/refresh');
    const answering = answerRefusal(await refusalOfCurrentTokens(profile.id));
    await held.arrived;
    // The old tokens are revoked, and the user signs in again while that renewal is out.
    sandbox().revokeAll('traderevolution');
    await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    const fresh = await storedSession(profile.id);
    held.release();
    await answering;

    expect(await storedSession(profile.id)).toEqual(fresh);
    expect(fresh?.state).toBe('active');
    expect(attachedTokens()).toContain(`Bearer ${fresh?.tokens?.accessToken}`);
    expect(notifications).toEqual([]);
  });

  it('of the new session while the old session’s renewal is still out: the new one gets a renewal of its own', async () => {
    const profile = await signedIn();
    const held = sandbox().holdNext('traderevolution', '/auth/token/refresh');
    const oldRefused = answerRefusal(await refusalOfCurrentTokens(profile.id));
    await held.arrived;
    await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    const fresh = await storedSession(profile.id);
    // The new session's token is refused too, while the old session's renewal is still out.
    const newRefused = answerRefusal(await refusalOfCurrentTokens(profile.id));
    held.release();
    await Promise.all([oldRefused, newRefused]);

    const renewed = await storedSession(profile.id);
    expect(renewed).toMatchObject({ state: 'active', sessionId: fresh?.sessionId });
    expect(renewed?.tokens?.accessToken).not.toBe(fresh?.tokens?.accessToken);
    expect(attachedTokens()).toContain(`Bearer ${renewed?.tokens?.accessToken}`);
    // The old session's renewal (answer dropped), then the new session's own.
    expect(renewals()).toHaveLength(2);
    expect(notifications).toEqual([]);
  });

  it('of a profile that was signed out, or removed: nothing happens', async () => {
    const profile = await signedIn();
    const refused = await refusalOfCurrentTokens(profile.id);
    await editStoredSession(profile.id, () => ({
      profileId: profile.id,
      state: 'expired',
      error: { code: 'session-expired', message: 'over' },
      updatedAt: Date.now(),
    }));
    await answerRefusal(refused);
    await answerRefusal({ ...refused, profileId: 'no-such-profile' });
    expect(sandbox().requests()).toEqual([]);
    expect((await storedSession(profile.id))?.state).toBe('expired');
    expect(notifications).toEqual([]);
  });
});
