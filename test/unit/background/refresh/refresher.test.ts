/**
 * Renewal in the worker against the real sandbox: concurrent triggers share one request, the new
 * pair is stored and attached, a transient failure keeps the session and retries before the
 * token ends, a refused refresh ends the session and tells the user.
 */
import { describe, expect, it, vi } from 'vitest';
import { runAlarm } from '../../../../src/background/alarms/run.ts';
import { refreshSession } from '../../../../src/background/refresh/refresher.ts';
import { signIn } from '../../../../src/background/sessions/sign-in.ts';
import { browser, badge, notifications } from '../support/worker-browser.ts';
import {
  addProfile,
  attachedTokens,
  DEMO,
  latestAccess,
  storedSession,
  useSandbox,
} from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const sandbox = useSandbox({ config: { accessTokenLifetimeSec: 60 } });

async function activeTraderEvolution() {
  const profile = await addProfile(sandbox(), 'traderevolution');
  await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
  return profile;
}

const refreshRequests = () => sandbox().requests({ broker: 'traderevolution', path: '/auth/token/refresh' });

describe('refresh in the worker', () => {
  it('ten triggers at once send one refresh, store the new pair, and attach the new token', async () => {
    const profile = await activeTraderEvolution();
    const before = await storedSession(profile.id);
    await Promise.all([
      ...Array.from({ length: 9 }, () => refreshSession(profile.id)),
      runAlarm(`refresh:${profile.id}`),
    ]);
    expect(refreshRequests()).toHaveLength(1);
    const after = await storedSession(profile.id);
    expect(after?.state).toBe('active');
    expect(after?.tokens?.refreshToken).not.toBe(before?.tokens?.refreshToken);
    expect(after?.tokens?.accessToken).toBe(latestAccess(sandbox(), 'traderevolution'));
    expect(attachedTokens()).toEqual([
      `Bearer ${after?.tokens?.accessToken}`,
      `Bearer ${after?.tokens?.accessToken}`,
    ]);
  });

  it.each(['500', '429', 'drop'] as const)(
    'a transient %s keeps the session and its token, and plans a retry before expiry',
    async (kind) => {
      const profile = await activeTraderEvolution();
      const token = (await storedSession(profile.id))?.tokens?.accessToken;
      sandbox().injectFaults('traderevolution', {
        kind,
        count: 1,
        path: '/auth/token/refresh',
        retryAfterSec: 1,
      });
      await refreshSession(profile.id);
      const session = await storedSession(profile.id);
      expect(session).toMatchObject({ state: 'active', refreshFailures: 1 });
      expect(session?.tokens?.accessToken).toBe(token);
      expect(attachedTokens()).toContain(`Bearer ${token}`);
      const retry = (await browser.alarms.get(`refresh:${profile.id}`))!.scheduledTime;
      expect(retry).toBe(session?.retryAt);
      expect(retry).toBeGreaterThan(Date.now());
      expect(retry).toBeLessThan(session!.tokens!.expiresAt);
      expect(notifications).toEqual([]);
    },
  );

  it('a refused refresh (the rotated token used elsewhere) ends the session cleanly and says so', async () => {
    const profile = await activeTraderEvolution();
    const stolen = (await storedSession(profile.id))!.tokens!.refreshToken!;
    const elsewhere = await fetch(`${sandbox().loopbackUrls.traderevolution}/auth/token/refresh`, {
      headers: { token: stolen },
    });
    expect(elsewhere.status).toBe(200);

    await refreshSession(profile.id);
    expect((await storedSession(profile.id))?.state).toBe('expired');
    expect(attachedTokens()).toEqual([]);
    expect(await browser.alarms.getAll()).toEqual([]);
    expect(notifications).toEqual([
      expect.objectContaining({ title: 'traderevolution desk: session ended' }),
    ]);
    expect(badge.text).not.toBe('');
    expect(JSON.stringify(notifications)).not.toContain(stolen);
  });
});
