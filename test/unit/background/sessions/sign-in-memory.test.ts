/**
 * What a profile remembers of its sign-ins, against the real sandbox: who is signed in (kept in
 * the live record, shown in the view), the username kept on disk for the next sign-in and removed
 * with "Forget" or the profile, and the refused passwords counted in memory until a success.
 */
import { describe, expect, it, vi } from 'vitest';
import { routeMessage } from '../../../../src/background/message-router.ts';
import { removeProfile } from '../../../../src/background/profiles/edit.ts';
import { answerCode, endSession, signIn } from '../../../../src/background/sessions/sign-in.ts';
import { browser } from '../support/worker-browser.ts';
import {
  addProfile,
  DEMO,
  storedSession,
  storedValue,
  totp,
  useSandbox,
} from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const sandbox = useSandbox();
const { username, password } = DEMO.volven;

const storedUsername = (profileId: string) => storedValue('local', `username:${profileId}`);
const storedRefusals = (profileId: string) => storedValue('session', `refusedPasswords:${profileId}`);

async function signInFully(profileId: string) {
  await signIn(profileId, ` ${username} `, password);
  return answerCode(profileId, totp(sandbox()));
}

const popup = () => ({ id: browser.runtime.id, url: browser.runtime.getURL('src/popup/index.html') });
const ask = (type: string, input: unknown) =>
  routeMessage({ channel: 'broker-sessions', type, input }, popup());

describe('sign-in memory', () => {
  it('the live session knows who signed in, and the profile remembers the username for next time', async () => {
    const profile = await addProfile(sandbox(), 'volven');
    const answered = await signInFully(profile.id);
    expect(answered).toMatchObject({
      ok: true,
      value: { state: 'active', username, rememberedUsername: username },
    });
    expect((await storedSession(profile.id))?.username).toBe(username);
    expect(await storedUsername(profile.id)).toBe(username);

    const signedOut = await endSession(profile.id);
    expect(signedOut).toMatchObject({
      ok: true,
      value: { state: 'signed-out', rememberedUsername: username },
    });
    expect(signedOut.ok && signedOut.value.username).toBeUndefined();
  });

  it('"Forget" removes the remembered username, through the protocol', async () => {
    const profile = await addProfile(sandbox(), 'volven');
    await signInFully(profile.id);
    await endSession(profile.id);
    expect(await storedUsername(profile.id)).toBe(username);
    const reply = await ask('forgetUsername', { profileId: profile.id });
    expect(reply).toMatchObject({ ok: true, value: { state: 'signed-out' } });
    expect((reply as { value: { rememberedUsername?: string } }).value.rememberedUsername).toBeUndefined();
    expect(await storedUsername(profile.id)).toBeUndefined();
  });

  it('counts refused passwords in a row, and a successful sign-in starts the count over', async () => {
    const profile = await addProfile(sandbox(), 'volven');
    for (let refused = 1; refused <= 3; refused += 1) {
      const reply = await signIn(profile.id, username, 'not-the-password');
      expect(reply).toMatchObject({
        ok: true,
        value: { state: 'error', error: { code: 'invalid-credentials' }, refusedPasswords: refused },
      });
    }
    expect(await storedRefusals(profile.id)).toBe(3);
    // Memory only: nothing of it on disk.
    expect(Object.keys(await browser.storage.local.get(null))).not.toContain(
      `refusedPasswords:${profile.id}`,
    );

    expect(await signInFully(profile.id)).toMatchObject({ ok: true, value: { refusedPasswords: 0 } });
    expect(await storedRefusals(profile.id)).toBeUndefined();
  });

  it('a removed profile leaves neither its username nor its count behind', async () => {
    const profile = await addProfile(sandbox(), 'volven');
    await signInFully(profile.id);
    await endSession(profile.id);
    await signIn(profile.id, username, 'not-the-password');
    expect(await storedUsername(profile.id)).toBe(username);
    expect(await storedRefusals(profile.id)).toBe(1);

    expect(await removeProfile(profile.id)).toEqual({ ok: true, value: { removed: true } });
    expect(await storedUsername(profile.id)).toBeUndefined();
    expect(await storedRefusals(profile.id)).toBeUndefined();
  });
});
