/**
 * What survives a browser restart, and the wake-up that brings the browser back in line with
 * storage: only an opted-in refresh token on disk; rebuilding twice changes nothing; rules that
 * are not ours are left alone.
 */
import { describe, expect, it, vi } from 'vitest';
import { wakeUp } from '../../../src/background/wake-up.ts';
import { signIn } from '../../../src/background/sessions/sign-in.ts';
import { browser, restartBrowser, sessionRules } from './support/worker-browser.ts';
import {
  addProfile,
  alarmNames,
  attachedTokens,
  DEMO,
  latestAccess,
  storedSession,
  useSandbox,
} from './support/worker-fixtures.ts';

vi.mock('../../../src/shared/browser.ts', () => import('./support/worker-browser.ts'));

const sandbox = useSandbox();

async function signedIn(staySignedIn: boolean) {
  const profile = await addProfile(sandbox(), 'traderevolution', { staySignedIn });
  await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
  return profile;
}

describe('a browser restart', () => {
  it('with "Stay signed in": only the refresh token is on disk, and the session comes back by refreshing', async () => {
    const profile = await signedIn(true);
    const session = (await storedSession(profile.id))!;
    const onDisk = JSON.stringify(await browser.storage.local.get());
    expect(onDisk).toContain(session.tokens!.refreshToken!);
    expect(onDisk).not.toContain(session.tokens!.accessToken);

    await restartBrowser();
    await wakeUp();
    const restored = await storedSession(profile.id);
    expect(restored?.state).toBe('active');
    expect(restored?.tokens?.accessToken).toBe(latestAccess(sandbox(), 'traderevolution'));
    expect(restored?.tokens?.accessToken).not.toBe(session.tokens!.accessToken);
    expect(attachedTokens()).toContain(`Bearer ${restored?.tokens?.accessToken}`);
  });

  it('without it: nothing on disk, nothing restored', async () => {
    const profile = await signedIn(false);
    const session = (await storedSession(profile.id))!;
    const onDisk = JSON.stringify(await browser.storage.local.get());
    expect(onDisk).not.toContain(session.tokens!.accessToken);
    expect(onDisk).not.toContain(session.tokens!.refreshToken!);
    expect(onDisk).not.toContain(DEMO.traderevolution.password);

    await restartBrowser();
    await wakeUp();
    expect(await storedSession(profile.id)).toBeUndefined();
    expect(sandbox().requests({ broker: 'traderevolution', path: '/auth/token/refresh' })).toEqual([]);
    expect(attachedTokens()).toEqual([]);
  });
});

describe('the wake-up', () => {
  it('is idempotent: a second run leaves the same alarms and rules', async () => {
    await signedIn(false);
    await addProfile(sandbox(), 'volven');
    await wakeUp();
    const rules = JSON.stringify([...sessionRules.rules.values()]);
    const alarms = await browser.alarms.getAll();
    await wakeUp();
    expect(JSON.stringify([...sessionRules.rules.values()])).toBe(rules);
    expect(await browser.alarms.getAll()).toEqual(alarms);
  });

  it('rebuilds lost rules and alarms from storage, and leaves rules outside its id ranges alone', async () => {
    const profile = await signedIn(false);
    const foreign = {
      id: 900_001,
      priority: 1,
      action: { type: 'block' as const },
      condition: { urlFilter: '|https://ads.example/' },
    };
    sessionRules.rules.clear();
    sessionRules.rules.set(foreign.id, foreign);
    await browser.alarms.clearAll();

    await wakeUp();
    expect(sessionRules.rules.get(foreign.id)).toEqual(foreign);
    expect(attachedTokens()).toEqual([
      `Bearer ${(await storedSession(profile.id))!.tokens!.accessToken}`,
      `Bearer ${(await storedSession(profile.id))!.tokens!.accessToken}`,
    ]);
    expect(await alarmNames()).toEqual([`expire:${profile.id}`, `refresh:${profile.id}`]);
  });

  it('turns a sign-in cut short by a stopped worker into an error the user can act on', async () => {
    const profile = await addProfile(sandbox(), 'volven');
    await browser.storage.session.set({
      sessions: {
        [profile.id]: {
          profileId: profile.id,
          state: 'signing-in',
          attempt: 'gone',
          username: 'a',
          updatedAt: Date.now(),
        },
      },
    });
    await wakeUp();
    expect(await storedSession(profile.id)).toMatchObject({ state: 'error', error: { code: 'interrupted' } });
  });
});
