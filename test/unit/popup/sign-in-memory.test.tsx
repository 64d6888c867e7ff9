// @vitest-environment happy-dom
/**
 * What the popup shows of a profile's sign-in memory, as the worker reports it in the view:
 * "Signed in as …" on a live session, the remembered username pre-filled (with "Forget"), and
 * the warning after refused passwords that the next wrong one may lock the account.
 */
import { cleanup, render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PopupApp } from '../../../src/popup/popup-app.tsx';
import type { SessionView } from '../../../src/shared/protocol.ts';
import { answer, calls, fireChanged, resetBackground } from '../support/ui/fake-background.ts';

vi.mock('../../../src/shared/browser.ts', () => import('../support/ui/ui-browser.ts'));
vi.mock('../../../src/shared/messaging.ts', () => import('../support/ui/fake-background.ts'));
vi.mock('../../../src/shared/session-views.ts', () => import('../support/ui/fake-session-views.ts'));

const base: SessionView = {
  profileId: 'desk',
  name: 'Desk',
  broker: 'volven',
  apiBaseUrl: 'https://api.volven.example',
  state: 'signed-out',
  staySignedIn: false,
  renewable: true,
};

let current: SessionView;
beforeEach(() => {
  resetBackground();
  answer('listSessions', () => ({ ok: true, value: [current] }));
});
afterEach(cleanup);

async function openPopup(view: Partial<SessionView>) {
  current = { ...base, ...view };
  render(<PopupApp />);
  return within(await screen.findByRole('region', { name: 'Desk' }));
}

const WARNING = 'The broker refused this password 3 times. Another wrong one may lock the account.';

describe('sign-in memory in the popup', () => {
  it('an active session says who is signed in', async () => {
    const card = await openPopup({ state: 'active', expiresAt: Date.now() + 600_000, username: 'trader' });
    expect(card.getByText('Signed in as trader')).toBeTruthy();
  });

  it('the remembered username is pre-filled and the password takes the focus', async () => {
    const user = userEvent.setup();
    answer('signIn', () => ({ ok: true, value: { ...current, state: 'signing-in' } }));
    const card = await openPopup({ rememberedUsername: 'trader' });
    expect((card.getByLabelText('Username') as HTMLInputElement).value).toBe('trader');
    await vi.waitFor(() => expect(document.activeElement).toBe(card.getByLabelText('Password')));
    await user.keyboard('secret{Enter}');
    expect(calls.at(-1)).toEqual({
      type: 'signIn',
      input: { profileId: 'desk', username: 'trader', password: 'secret' },
    });
  });

  it('"Forget username" asks the worker to forget it and empties the field', async () => {
    const user = userEvent.setup();
    // As the real worker does: forgets, then tells every open page to re-read.
    answer('forgetUsername', () => {
      current = { ...base };
      fireChanged();
      return { ok: true, value: current };
    });
    const card = await openPopup({ rememberedUsername: 'trader' });
    await user.click(card.getByRole('button', { name: 'Forget username' }));
    expect(calls).toContainEqual({ type: 'forgetUsername', input: { profileId: 'desk' } });
    expect((card.getByLabelText('Username') as HTMLInputElement).value).toBe('');
    await vi.waitFor(() => expect(card.queryByRole('button', { name: 'Forget username' })).toBeNull());
  });

  it('nothing remembered: an empty field and no "Forget"', async () => {
    const card = await openPopup({});
    expect((card.getByLabelText('Username') as HTMLInputElement).value).toBe('');
    expect(card.queryByRole('button', { name: 'Forget username' })).toBeNull();
  });

  it('warns before the next attempt after three refused passwords, and not before', async () => {
    const refused = { code: 'invalid-credentials' as const, message: 'Incorrect username or password.' };
    let card = await openPopup({ state: 'error', error: refused, refusedPasswords: 2 });
    expect(card.queryByText(WARNING)).toBeNull();
    cleanup();

    card = await openPopup({ state: 'error', error: refused, refusedPasswords: 3 });
    const warning = card.getByText(WARNING);
    expect(card.getByLabelText('Password').getAttribute('aria-describedby')).toBe(warning.id);
  });
});
