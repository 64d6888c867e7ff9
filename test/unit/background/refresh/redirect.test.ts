/**
 * A refresh answered with a redirect: nothing was sent on and the refresh token was not spent, so
 * it is no refusal (the session and its token stay, a retry is planned); but a redirect rarely
 * mends itself, so after three in a row the session ends, in words that name the redirect.
 */
import { describe, expect, it, vi } from 'vitest';
import { refreshSession } from '../../../../src/background/refresh/refresher.ts';
import { signIn } from '../../../../src/background/sessions/sign-in.ts';
import { browser, notifications } from '../support/worker-browser.ts';
import { addProfile, attachedTokens, DEMO, storedSession, useSandbox } from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const sandbox = useSandbox({ config: { accessTokenLifetimeSec: 60 } });

async function activeTraderEvolution() {
  const profile = await addProfile(sandbox(), 'traderevolution');
  await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
  return profile;
}

const redirectRefresh = (count: number) =>
  sandbox().injectFaults('traderevolution', { kind: 'redirect', count, path: '/auth/token/refresh' });

describe('a redirect on refresh', () => {
  it('keeps the session and its token at first, says why, and plans a retry', async () => {
    const profile = await activeTraderEvolution();
    const token = (await storedSession(profile.id))?.tokens?.accessToken;
    redirectRefresh(1);
    await refreshSession(profile.id);
    const session = await storedSession(profile.id);
    expect(session).toMatchObject({ state: 'active', refreshFailures: 1, error: { code: 'redirected' } });
    expect(session?.error?.message).toMatch(/retrying.*redirect to 127\.0\.0\.1:\d+/);
    expect(attachedTokens()).toContain(`Bearer ${token}`);
    expect((await browser.alarms.get(`refresh:${profile.id}`))?.scheduledTime).toBe(session?.retryAt);
    expect(sandbox().otherHost.requests()).toEqual([]);
  });

  it('ends the session after three in a row, not as a refusal, and nothing reached the other host', async () => {
    const profile = await activeTraderEvolution();
    redirectRefresh(3);
    for (let i = 0; i < 3; i++) await refreshSession(profile.id);
    const session = await storedSession(profile.id);
    expect(session).toMatchObject({ state: 'expired', error: { code: 'redirected' } });
    expect(session?.error?.message).toMatch(
      /^The session could not be renewed \(.*redirect to 127\.0\.0\.1:\d+/,
    );
    expect(session?.error?.message).not.toMatch(/refused/);
    expect(attachedTokens()).toEqual([]);
    expect(notifications).toHaveLength(1);
    expect(sandbox().otherHost.requests()).toEqual([]);
  });
});
