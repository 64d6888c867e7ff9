// @vitest-environment happy-dom
/**
 * Import and export of profiles in the options page, and the clipboard delay: a bad file imports
 * nothing and says what is wrong where; a good one adds or updates; the export holds no secret.
 */
import { cleanup, render, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OptionsApp } from '../../../src/options/options-app.tsx';
import { validateProfile, type Profile, type ProfileDraft } from '../../../src/shared/profile.ts';
import { validateSettings } from '../../../src/shared/settings.ts';
import { answer, calls, fireChanged, resetBackground } from '../support/ui/fake-background.ts';
import { installFakePermissions } from '../support/ui/fake-permissions.ts';

vi.mock('../../../src/shared/browser.ts', () => import('../support/ui/ui-browser.ts'));
vi.mock('../../../src/shared/messaging.ts', () => import('../support/ui/fake-background.ts'));
vi.mock('../../../src/shared/options-data.ts', () => import('../support/ui/fake-options-data.ts'));

let stored: Profile[];
let clipboardClearSec: number;

const te: Profile = {
  id: 'te-1',
  name: 'TE desk',
  broker: 'traderevolution',
  apiBaseUrl: 'https://bo.example/proftrading/rest',
  webAppOrigins: [],
  staySignedIn: false,
  refreshMarginSec: 300,
};

beforeEach(() => {
  resetBackground();
  installFakePermissions(new Set(), { userAccepts: true });
  stored = [te];
  clipboardClearSec = 60;
  answer('listProfiles', () => ({ ok: true, value: stored }));
  answer('getPolicy', () => ({
    ok: true,
    value: { forbidStaySignedIn: false, hideProfileEditing: false, forbidTokenBridge: false },
  }));
  answer('saveProfile', (draft: ProfileDraft) => {
    const checked = validateProfile(draft);
    if (!checked.ok) return { ok: true, value: { invalid: checked.errors } };
    const saved = { ...checked.profile, id: draft.id ?? `new-${stored.length}` } as Profile;
    stored = [...stored.filter((profile) => profile.id !== saved.id), saved];
    fireChanged();
    return { ok: true, value: { saved } };
  });
  answer('getSettings', () => ({ ok: true, value: { clipboardClearSec } }));
  answer('saveSettings', (input) => {
    const checked = validateSettings(input);
    if (!checked.ok) return { ok: true, value: { invalid: checked.errors } };
    clipboardClearSec = checked.settings.clipboardClearSec;
    return { ok: true, value: { saved: checked.settings } };
  });
});
afterEach(cleanup);

const file = (text: string) => new File([text], 'profiles.json', { type: 'application/json' });

async function importText(text: string) {
  const user = userEvent.setup();
  render(<OptionsApp />);
  await user.upload(await screen.findByLabelText('Import profiles'), file(text));
}

describe('options: import and export', () => {
  it('refuses a file that is not JSON, and imports nothing', async () => {
    await importText('{"profiles": [');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Nothing was imported');
    expect(alert.textContent).toContain('This file is not JSON.');
    expect(calls.filter((call) => call.type === 'saveProfile')).toEqual([]);
  });

  it('names each bad field by profile and label, and imports none of the good ones', async () => {
    await importText(
      JSON.stringify({
        profiles: [
          { name: 'Fine', broker: 'volven', apiBaseUrl: 'https://api.volven.example' },
          { name: 'ETNA', broker: 'etna', apiBaseUrl: 'ftp://etna.example' },
        ],
      }),
    );
    const items = (await screen.findAllByRole('listitem')).map((item) => item.textContent);
    expect(items).toContain('Profile 2 · API base URL: The URL must start with https://');
    expect(items).toContain('Profile 2 · App key: ETNA Trader needs the app key (Et-App-Key)');
    expect(stored).toEqual([te]);
  });

  it('adds new profiles and updates the one that matches, then reports both', async () => {
    await importText(
      JSON.stringify({
        version: 1,
        profiles: [
          { ...te, id: 'from-elsewhere', refreshMarginSec: 120 },
          { name: 'Volven', broker: 'volven', apiBaseUrl: 'https://api.volven.example/' },
        ],
      }),
    );
    expect(await screen.findByText('Imported 2 profiles: 1 new, 1 updated.')).toBeTruthy();
    expect(stored.map((profile) => [profile.id, profile.name, profile.refreshMarginSec])).toEqual([
      ['te-1', 'TE desk', 120],
      ['new-1', 'Volven', 300],
    ]);
  });

  it('says in words why the worker refused a profile of the file', async () => {
    answer('saveProfile', () => ({
      ok: true,
      value: { invalid: { staySignedIn: { key: 'validationStaySignedInForbidden' } } },
    }));
    await importText(
      JSON.stringify({
        profiles: [
          { name: 'Kept', broker: 'volven', apiBaseUrl: 'https://api.volven.example', staySignedIn: true },
        ],
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your organization does not allow keeping sessions on disk.');
  });

  it('exports the profiles as a file that holds settings only', async () => {
    let exported: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      exported = blob as Blob;
      return 'blob:profiles';
    });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const user = userEvent.setup();
    render(<OptionsApp />);
    await user.click(await screen.findByRole('button', { name: 'Export profiles' }));
    expect(clicked).toHaveBeenCalledOnce();
    expect(JSON.parse(await exported!.text())).toEqual({
      format: 'broker-sessions-profiles',
      version: 1,
      profiles: [
        {
          name: 'TE desk',
          broker: 'traderevolution',
          apiBaseUrl: 'https://bo.example/proftrading/rest',
          webAppOrigins: [],
          staySignedIn: false,
          refreshMarginSec: 300,
        },
      ],
    });
    vi.restoreAllMocks();
  });
});

describe('options: the clipboard delay', () => {
  it('shows the current delay, refuses a bad one with its reason, saves a good one', async () => {
    const user = userEvent.setup();
    render(<OptionsApp />);
    const delay = await screen.findByLabelText('Clear the clipboard after (seconds)');
    await vi.waitFor(() => expect((delay as HTMLInputElement).value).toBe('60'));
    await user.clear(delay);
    await user.type(delay, '5000');
    await user.click(screen.getByRole('button', { name: 'Apply delay' }));
    expect((await screen.findByRole('alert')).textContent).toBe('At most 3600 seconds');
    expect(clipboardClearSec).toBe(60);

    await user.clear(delay);
    await user.type(delay, '0');
    await user.click(screen.getByRole('button', { name: 'Apply delay' }));
    expect(await screen.findByText('Clipboard delay saved.')).toBeTruthy();
    expect(clipboardClearSec).toBe(0);
  });
});
