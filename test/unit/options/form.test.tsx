// @vitest-environment happy-dom
/**
 * The options page's profile form and list: validation messages per field with the focus on the
 * first one to fix, saving with the narrowest host access asked for, the permission status of
 * each profile with its "Grant access" button, and the administrator's locks.
 */
import { cleanup, render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OptionsApp } from '../../../src/options/options-app.tsx';
import type { PolicyView } from '../../../src/shared/managed-policy.ts';
import type { Profile, ProfileDraft } from '../../../src/shared/profile.ts';
import { validateProfile } from '../../../src/shared/profile.ts';
import { answer, calls, fireChanged, resetBackground } from '../support/ui/fake-background.ts';
import { installFakePermissions } from '../support/ui/fake-permissions.ts';

vi.mock('../../../src/shared/browser.ts', () => import('../support/ui/ui-browser.ts'));
vi.mock('../../../src/shared/messaging.ts', () => import('../support/ui/fake-background.ts'));
vi.mock('../../../src/shared/options-data.ts', () => import('../support/ui/fake-options-data.ts'));

let stored: Profile[];
let policy: PolicyView;

/** A worker that keeps profiles as the real one does: validated, with an id. */
function answerLikeTheWorker() {
  answer('listProfiles', () => ({ ok: true, value: stored }));
  answer('getPolicy', () => ({ ok: true, value: policy }));
  answer('getSettings', () => ({ ok: true, value: { clipboardClearSec: 60 } }));
  answer('saveProfile', (draft: ProfileDraft) => {
    const checked = validateProfile(draft);
    if (!checked.ok) return { ok: true, value: { invalid: checked.errors } };
    const saved = { ...checked.profile, id: draft.id ?? `id-${stored.length + 1}` } as Profile;
    stored = [...stored.filter((profile) => profile.id !== saved.id), saved];
    fireChanged();
    return { ok: true, value: { saved } };
  });
  answer('removeProfile', ({ profileId }) => {
    stored = stored.filter((profile) => profile.id !== profileId);
    fireChanged();
    return { ok: true, value: { removed: true } };
  });
}

const volven: Profile = {
  id: 'v1',
  name: 'Volven live',
  broker: 'volven',
  apiBaseUrl: 'https://api.volven.example',
  webAppOrigins: [],
  staySignedIn: false,
  refreshMarginSec: 300,
};

beforeEach(() => {
  resetBackground();
  stored = [];
  policy = { forbidStaySignedIn: false, hideProfileEditing: false, forbidTokenBridge: false };
  answerLikeTheWorker();
});
afterEach(cleanup);

describe('options: the profile form', () => {
  it('shows each problem under its field and puts the cursor in the first one', async () => {
    installFakePermissions(new Set(), { userAccepts: true });
    const user = userEvent.setup();
    render(<OptionsApp />);
    await user.click(await screen.findByRole('button', { name: 'Add profile' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Profile name'));

    await user.selectOptions(screen.getByLabelText('Broker'), 'ETNA Trader');
    await user.type(screen.getByLabelText('API base URL'), 'http://api.etna.example/api');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const alerts = (await screen.findAllByRole('alert')).map((alert) => alert.textContent);
    expect(alerts).toEqual([
      'Enter a name',
      'Use https:// (plain http:// only for localhost and 127.0.0.1)',
      'ETNA Trader needs the app key (Et-App-Key)',
    ]);
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Profile name')));
    expect(screen.getByLabelText('API base URL').getAttribute('aria-invalid')).toBe('true');
    expect(calls.filter((call) => call.type === 'saveProfile')).toHaveLength(0);
  });

  it('saves a valid profile after asking for exactly its origins, and says so', async () => {
    const access = installFakePermissions(new Set(), { userAccepts: true });
    const user = userEvent.setup();
    render(<OptionsApp />);
    await user.click(await screen.findByRole('button', { name: 'Add profile' }));
    await user.type(screen.getByLabelText('Profile name'), 'TE desk');
    await user.selectOptions(screen.getByLabelText('Broker'), 'TraderEvolution');
    await user.type(screen.getByLabelText('API base URL'), 'https://bo.example:8443/proftrading/rest/');
    await user.clear(screen.getByLabelText('Refresh margin (seconds)'));
    await user.type(screen.getByLabelText('Refresh margin (seconds)'), '90');
    await user.type(screen.getByLabelText('Web app origins'), 'https://app.example');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const status = await screen.findByText('Saved “TE desk”.');
    await vi.waitFor(() => expect(document.activeElement).toBe(status));
    expect(access.requests).toEqual([
      ['https://bo.example/*', 'wss://bo.example/*', 'https://app.example/*'],
    ]);
    expect(stored).toEqual([
      expect.objectContaining({
        name: 'TE desk',
        apiBaseUrl: 'https://bo.example:8443/proftrading/rest',
        refreshMarginSec: 90,
        webAppOrigins: ['https://app.example'],
      }),
    ]);
    const list = screen.getByRole('list', { name: 'Profiles' });
    expect(await within(list).findByText('Access to its API granted', { exact: false })).toBeTruthy();
  });

  it('tells when the browser did not grant access, and offers the button until it does', async () => {
    stored = [volven];
    const access = installFakePermissions(new Set(), { userAccepts: false });
    const user = userEvent.setup();
    render(<OptionsApp />);
    const list = await screen.findByRole('list', { name: 'Profiles' });
    expect(
      await within(list).findByText(/Access missing: https:\/\/api.volven.example\/\* and wss:/),
    ).toBeTruthy();
    await user.click(within(list).getByRole('button', { name: 'Grant access for Volven live' }));
    expect(await within(list).findByRole('alert')).toHaveProperty(
      'textContent',
      ' The browser did not grant access.',
    );

    installFakePermissions(new Set(access.requests[0]), { userAccepts: true });
    cleanup();
    render(<OptionsApp />);
    expect(await screen.findByText('✓ Access to its API granted', { exact: false })).toBeTruthy();
  });

  it('edits a profile in place and removes one', async () => {
    stored = [volven];
    installFakePermissions(new Set(), { userAccepts: true });
    const user = userEvent.setup();
    render(<OptionsApp />);
    await user.click(await screen.findByRole('button', { name: 'Edit Volven live' }));
    const name = screen.getByLabelText('Profile name');
    await user.clear(name);
    await user.type(name, 'Volven paper');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved “Volven paper”.');
    expect(stored.map((profile) => [profile.id, profile.name])).toEqual([['v1', 'Volven paper']]);

    await user.click(screen.getByRole('button', { name: 'Remove Volven paper' }));
    await screen.findByText('Removed “Volven paper”.');
    expect(stored).toEqual([]);
    expect(screen.getByText('No profiles yet.', { exact: false })).toBeTruthy();
  });

  it('shows managed profiles as managed, without edit or remove, and honours the locks', async () => {
    stored = [{ ...volven, id: 'managed-1', managed: true }];
    policy = {
      forbidStaySignedIn: true,
      hideProfileEditing: false,
      forbidTokenBridge: false,
      clipboardClearSec: 15,
    };
    installFakePermissions(new Set(), { userAccepts: true });
    const user = userEvent.setup();
    render(<OptionsApp />);
    const list = await screen.findByRole('list', { name: 'Profiles' });
    expect(within(list).getByText('Managed by your organization')).toBeTruthy();
    expect(within(list).queryByRole('button', { name: 'Edit Volven live' })).toBeNull();
    expect(within(list).queryByRole('button', { name: 'Remove Volven live' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Add profile' }));
    expect(screen.getByLabelText('Stay signed in')).toHaveProperty('disabled', true);
    expect(screen.getByText('Your organization does not allow keeping sessions on disk.')).toBeTruthy();
    expect(screen.getByLabelText('Clear the clipboard after (seconds)')).toHaveProperty('disabled', true);
  });

  it('hides all editing when the administrator says so', async () => {
    stored = [volven];
    policy = { forbidStaySignedIn: false, hideProfileEditing: true, forbidTokenBridge: false };
    installFakePermissions(new Set(), { userAccepts: true });
    render(<OptionsApp />);
    await screen.findByRole('list', { name: 'Profiles' });
    expect(await screen.findByText(/Your organization manages the profiles/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add profile' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit Volven live' })).toBeNull();
    expect(screen.queryByText('Import profiles')).toBeNull();
  });
});
