import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readProfiles, writeProfile } from '../../../../src/background/profiles/store.ts';
import { removeProfile, saveProfile } from '../../../../src/background/profiles/edit.ts';
import { restorePersistedSessions } from '../../../../src/background/sessions/restore.ts';
import { readSettings, saveSettings } from '../../../../src/background/profiles/settings-store.ts';
import type { ProfileDraft } from '../../../../src/shared/profile.ts';
import { english } from '../../support/english.ts';
import { refreshManagedPolicy } from '../../../../src/background/profiles/managed-policy.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../../support/ui/ui-browser.ts'));

const managedVolven = {
  name: 'Desk Volven',
  broker: 'volven' as const,
  apiBaseUrl: 'https://api.volven.example',
  staySignedIn: true,
};

const ownDraft: ProfileDraft = {
  name: 'My TraderEvolution',
  broker: 'traderevolution',
  apiBaseUrl: 'https://bo.example/proftrading/rest',
  webAppOrigins: [],
  staySignedIn: true,
  refreshMarginSec: 300,
};

/** An administrator pushes a policy; the worker reads it when the browser says so (index.ts). */
async function setPolicy(policy: object): Promise<void> {
  await fakeBrowser.storage.managed.set(policy);
  await refreshManagedPolicy();
}

describe('the administrator policy, as the worker applies it', () => {
  beforeEach(() => fakeBrowser.reset());

  it('lists managed profiles first, then the user own', async () => {
    await writeProfile(ownDraft);
    await setPolicy({ profiles: [managedVolven] });
    const profiles = await readProfiles();
    expect(profiles.map((profile) => [profile.name, profile.managed ?? false])).toEqual([
      ['Desk Volven', true],
      ['My TraderEvolution', false],
    ]);
  });

  it('refuses to edit or remove a managed profile, and leaves it in place', async () => {
    await setPolicy({ profiles: [managedVolven] });
    const [managed] = await readProfiles();
    const edited = await saveProfile({ ...ownDraft, ...managedVolven, id: managed!.id, name: 'Renamed' });
    expect(edited).toEqual({
      ok: false,
      error: {
        code: 'managed',
        message: 'This profile is managed by your organization and cannot be changed here.',
      },
    });
    expect(await removeProfile(managed!.id)).toMatchObject({ ok: false, error: { code: 'managed' } });
    expect((await readProfiles()).map((profile) => profile.name)).toEqual(['Desk Volven']);
    expect(await fakeBrowser.storage.local.get('profiles')).toEqual({});
  });

  it('with editing hidden, refuses any change to the user profiles too', async () => {
    const own = await writeProfile({ ...ownDraft, staySignedIn: false });
    await setPolicy({ hideProfileEditing: true });
    expect(await saveProfile({ ...ownDraft, name: 'New one' })).toEqual({
      ok: false,
      error: {
        code: 'managed',
        message: 'Your organization manages the profiles: they cannot be changed here.',
      },
    });
    expect(await removeProfile(own.id)).toMatchObject({ ok: false });
    expect((await readProfiles()).map((profile) => profile.name)).toEqual(['My TraderEvolution']);
  });

  it('forbidding "Stay signed in" refuses it on save, turns it off, and takes refresh tokens off the disk', async () => {
    const own = await writeProfile(ownDraft);
    await fakeBrowser.storage.local.set({ [`staySignedIn:${own.id}`]: { refreshToken: 'on-disk' } });
    await setPolicy({ forbidStaySignedIn: true });

    const saved = await saveProfile({ ...ownDraft, id: own.id });
    const refusal = saved.ok && 'invalid' in saved.value ? saved.value.invalid.staySignedIn : undefined;
    expect(english(refusal)).toBe('Your organization does not allow keeping sessions on disk.');
    expect((await readProfiles())[0]!.staySignedIn).toBe(false);

    expect(await restorePersistedSessions()).toEqual([]);
    expect(await fakeBrowser.storage.local.get(`staySignedIn:${own.id}`)).toEqual({});
    expect(await fakeBrowser.storage.session.get()).toEqual({});
  });

  it('forces the clipboard delay: read as set, and a different one is refused', async () => {
    expect((await readSettings()).clipboardClearSec).toBe(60);
    await setPolicy({ clipboardClearSec: 15 });
    expect((await readSettings()).clipboardClearSec).toBe(15);
    const refused = await saveSettings({ clipboardClearSec: 90 });
    expect('invalid' in refused && english(refused.invalid.clipboardClearSec)).toBe(
      'Set by your organization to 15 seconds.',
    );
    expect(await saveSettings({ clipboardClearSec: 15 })).toEqual({ saved: { clipboardClearSec: 15 } });
  });
});
