/**
 * After Sign out, Remove profile or a refused renewal, no later event (a late refresh answer, a
 * worker stopped halfway, a wake-up, a browser restart) makes the session active again or sends
 * its refresh token; a restored session has no token to use until its renewal answers. Against
 * the real sandbox; the refresh answer is held on its way back, the way a slow network does.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { wakeUp } from '../../../../src/background/wake-up.ts';
import { refreshSession } from '../../../../src/background/refresh/refresher.ts';
import { removeProfile } from '../../../../src/background/profiles/edit.ts';
import { endSession, signIn } from '../../../../src/background/sessions/sign-in.ts';
import { tokenForCopy } from '../../../../src/background/clipboard/token-for-copy.ts';
import { browser, restartBrowser } from '../support/worker-browser.ts';
import { addProfile, attachedTokens, DEMO, storedSession, useSandbox } from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const sandbox = useSandbox({ config: { accessTokenLifetimeSec: 60 } });
afterEach(() => vi.restoreAllMocks());

const REFRESH_PATH = '/auth/token/refresh';
const refreshRequests = () => sandbox().requests({ broker: 'traderevolution', path: REFRESH_PATH });
const onDisk = async () => JSON.stringify(await browser.storage.local.get(null));

async function staySignedInSession() {
  const profile = await addProfile(sandbox(), 'traderevolution', { staySignedIn: true });
  await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
  expect((await storedSession(profile.id))?.state).toBe('active');
  return profile;
}

/**
 * Holds the answer to the next refresh request after the sandbox has answered it (so the broker
 * has already rotated the pair), until `release()`.
 */
function holdNextRefreshAnswer() {
  const realFetch = globalThis.fetch;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const answered = new Promise<void>((resolve) => (arrived = resolve));
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const response = await realFetch(input, init);
    if (!String(input instanceof Request ? input.url : input).includes(REFRESH_PATH)) return response;
    arrived();
    await released;
    return response;
  });
  return { answered, release };
}

describe('a session that was ended stays ended', () => {
  it.each([
    ['Sign out', (profileId: string) => endSession(profileId)],
    ['Remove profile', (profileId: string) => removeProfile(profileId)],
  ])(
    '%s while a refresh is in flight: the late answer is dropped, nothing on disk, nothing comes back',
    async (_, end) => {
      const profile = await staySignedInSession();
      const held = holdNextRefreshAnswer();
      const refreshing = refreshSession(profile.id);
      await held.answered;
      await end(profile.id);
      held.release();
      await refreshing;

      expect(await storedSession(profile.id)).toBeUndefined();
      const rotated = sandbox().issuedTokens({ broker: 'traderevolution', kind: 'refresh' }).at(-1)!.token;
      expect(await onDisk()).not.toContain(rotated);
      expect(await onDisk()).not.toContain('staySignedIn:');
      expect(attachedTokens()).toEqual([]);

      await wakeUp();
      await restartBrowser();
      await wakeUp();
      expect(await storedSession(profile.id)).toBeUndefined();
      expect(refreshRequests()).toHaveLength(1);
    },
  );

  it('a refused renewal takes the refresh token off the disk, and a restart does not bring it back', async () => {
    const profile = await staySignedInSession();
    sandbox().revokeAll('traderevolution');
    await refreshSession(profile.id);
    expect((await storedSession(profile.id))?.state).toBe('expired');
    expect(await onDisk()).not.toContain('staySignedIn:');
    await restartBrowser();
    await wakeUp();
    expect(await storedSession(profile.id)).toBeUndefined();
    expect(refreshRequests()).toHaveLength(1);
  });

  it('a worker stopped in the middle of Sign out leaves no refresh token on disk to come back from', async () => {
    const profile = await staySignedInSession();
    // The worker "stops" after the sign-out's first storage write: every later write fails.
    let writes = 0;
    const stopAfterFirstWrite = <A extends unknown[]>(write: (...args: A) => Promise<void>) =>
      vi.fn((...args: A) => (++writes > 1 ? Promise.reject(new Error('worker stopped')) : write(...args)));
    const remove = stopAfterFirstWrite(browser.storage.local.remove.bind(browser.storage.local));
    const set = stopAfterFirstWrite(browser.storage.session.set.bind(browser.storage.session));
    vi.spyOn(browser.storage.local, 'remove').mockImplementation(remove);
    vi.spyOn(browser.storage.session, 'set').mockImplementation(set);
    await endSession(profile.id).catch(() => undefined);
    vi.restoreAllMocks();

    await restartBrowser();
    await wakeUp();
    expect(await storedSession(profile.id)).toBeUndefined();
    expect(refreshRequests()).toEqual([]);
  });
});

describe('a restored session', () => {
  it('is "restoring" with nothing to copy or attach until its renewal brings a token', async () => {
    const profile = await staySignedInSession();
    await restartBrowser();
    const held = holdNextRefreshAnswer();
    const waking = wakeUp();
    await held.answered;

    expect((await storedSession(profile.id))?.state).toBe('restoring');
    expect(await tokenForCopy(profile.id)).toMatchObject({ ok: false, error: { code: 'not-active' } });
    expect(attachedTokens()).toEqual([]);

    held.release();
    await waking;
    const restored = await storedSession(profile.id);
    expect(restored?.state).toBe('active');
    expect(attachedTokens()).toContain(`Bearer ${restored?.tokens?.accessToken}`);
  });

  it('is not restored at all when signed out before its renewal answers', async () => {
    const profile = await staySignedInSession();
    await restartBrowser();
    const held = holdNextRefreshAnswer();
    const waking = wakeUp();
    await held.answered;
    await endSession(profile.id);
    held.release();
    await waking;
    expect(await storedSession(profile.id)).toBeUndefined();
    expect(await onDisk()).not.toContain('staySignedIn:');
  });
});

describe('disk copies at start-up', () => {
  it('are removed when their profile is gone or no longer opts in', async () => {
    const kept = await staySignedInSession();
    await browser.storage.local.set({
      'staySignedIn:removed-profile': { refreshToken: 'left-behind-1' },
    });
    const optedOut = await addProfile(sandbox(), 'volven', { staySignedIn: false });
    await browser.storage.local.set({ [`staySignedIn:${optedOut.id}`]: { refreshToken: 'left-behind-2' } });
    await restartBrowser();
    await wakeUp();
    const disk = await onDisk();
    expect(disk).not.toContain('left-behind');
    expect(disk).toContain(`staySignedIn:${kept.id}`);
  });
});
