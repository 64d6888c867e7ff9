/**
 * A profile saved with a refresh margin that puts its session's renewal in the past gets that
 * renewal at once: the alarm sync clears an alarm that is already due, so the save itself must
 * start the renewal (propagate.ts), not a later start of the worker.
 */
import { describe, expect, it, vi } from 'vitest';
import { saveProfile } from '../../../../src/background/profiles/edit.ts';
import { signIn } from '../../../../src/background/sessions/sign-in.ts';
import { updateSession } from '../../../../src/background/sessions/store.ts';
import type { LiveRecord } from '../../../../src/shared/sessions/record.ts';
import { browser } from '../support/worker-browser.ts';
import { addProfile, attachedTokens, DEMO, storedSession, useSandbox } from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const sandbox = useSandbox({ config: { accessTokenLifetimeSec: 60 } });

const refreshRequests = () => sandbox().requests({ broker: 'traderevolution', path: '/auth/token/refresh' });

describe('raising the refresh margin near the end of a session', () => {
  it('renews the session now, against the broker, without a restart of the worker', async () => {
    const profile = await addProfile(sandbox(), 'traderevolution', { refreshMarginSec: 5 });
    await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
    // The session is 50 s into its 60 s: with a 5 s margin its renewal is 5 s away.
    const now = Date.now();
    await updateSession(profile.id, (record) => ({
      ...(record as LiveRecord),
      tokens: { ...(record as LiveRecord).tokens, expiresAt: now + 10_000 },
      tokensIssuedAt: now - 50_000,
    }));
    const oldToken = (await storedSession(profile.id))?.tokens?.accessToken;

    // 11 s (within the 20 % cap of a 60 s token) puts the renewal a second in the past.
    const { id, ...draft } = profile;
    expect(await saveProfile({ ...draft, id, refreshMarginSec: 11 })).toMatchObject({ ok: true });

    await expect.poll(() => refreshRequests().length).toBe(1);
    await expect.poll(async () => (await storedSession(profile.id))?.tokens?.accessToken).not.toBe(oldToken);
    const renewed = await storedSession(profile.id);
    expect(renewed?.state).toBe('active');
    expect(attachedTokens()).toContain(`Bearer ${renewed?.tokens?.accessToken}`);
    // The renewal is planned again from the new pair, in the future.
    expect((await browser.alarms.get(`refresh:${profile.id}`))!.scheduledTime).toBeGreaterThan(Date.now());
  });
});
