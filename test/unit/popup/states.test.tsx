// @vitest-environment happy-dom
/**
 * The popup in each session state, rendered with Preact against a scripted worker: what a person
 * sees and can do in each state, and what reaches the worker when they do it.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PopupApp } from '../../../src/popup/popup-app.tsx';
import type { SessionView } from '../../../src/shared/protocol.ts';
import { answer, calls, fireChanged, resetBackground } from '../support/ui/fake-background.ts';

vi.mock('../../../src/shared/browser.ts', () => import('../support/ui/ui-browser.ts'));
vi.mock('../../../src/shared/messaging.ts', () => import('../support/ui/fake-background.ts'));
vi.mock('../../../src/shared/session-views.ts', () => import('../support/ui/fake-session-views.ts'));

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

function session(name: string, extra: Partial<SessionView> = {}): SessionView {
  return {
    profileId: name.toLowerCase().replaceAll(' ', '-'),
    name,
    broker: 'volven',
    apiBaseUrl: 'https://api.volven.example:8443',
    state: 'signed-out',
    staySignedIn: false,
    renewable: true,
    ...extra,
  };
}

let sessions: SessionView[];
beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
  resetBackground();
  sessions = [];
  answer('listSessions', () => ({ ok: true, value: sessions }));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function showPopup(...list: SessionView[]) {
  sessions = list;
  render(<PopupApp />);
  await screen.findAllByRole('status');
}
const card = (name: string) => within(screen.getByRole('region', { name }));

describe('popup states', () => {
  it('says so when there is no profile yet', async () => {
    render(<PopupApp />);
    expect(await screen.findByText(/No profiles yet/)).toBeTruthy();
  });

  it('signed out: the sign-in form, with the browser’s password manager hints, focused', async () => {
    await showPopup(session('Desk'));
    const desk = card('Desk');
    expect(desk.getByRole('status').textContent).toBe('Signed out');
    expect(desk.getByText('Volven / TÝR Markets · api.volven.example:8443')).toBeTruthy();
    const username = desk.getByLabelText('Username');
    expect(username.getAttribute('autocomplete')).toBe('username');
    expect(desk.getByLabelText('Password').getAttribute('autocomplete')).toBe('current-password');
    await vi.waitFor(() => expect(document.activeElement).toBe(username));
    expect(desk.queryByRole('button', { name: 'Copy token' })).toBeNull();
  });

  it('signing in: the form stays, disabled, and the sign-in can be cancelled', async () => {
    answer('cancel', () => ({ ok: true, value: session('Desk') }));
    await showPopup(session('Desk', { state: 'signing-in' }));
    const desk = card('Desk');
    expect(desk.getByRole('status').textContent).toBe('Signing in…');
    expect((desk.getByRole('button', { name: 'Signing in…' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(desk.getByRole('button', { name: 'Cancel' }));
    expect(calls.at(-1)).toEqual({ type: 'cancel', input: { profileId: 'desk' } });
  });

  it('code required: the code field with the time left to answer, counting down', async () => {
    await showPopup(
      session('Desk', {
        state: 'code-required',
        challenge: { type: 'totp', message: 'Enter the 6-digit code from your authenticator app.' },
        challengeExpiresAt: NOW + 90_000,
      }),
    );
    const desk = card('Desk');
    expect(desk.getByRole('status').textContent).toBe('Code required · 1 min, 30 sec left to answer');
    const code = desk.getByLabelText('Verification code');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(code.getAttribute('inputmode')).toBe('numeric');
    expect(code.getAttribute('aria-describedby')).toBe('desk-code-hint');
    await vi.waitFor(() => expect(document.activeElement).toBe(code));
    await vi.advanceTimersByTimeAsync(31_000);
    expect(desk.getByRole('status').textContent).toBe('Code required · 59 sec left to answer');
  });

  it('active: copy, open and sign out, the time left, and a plain note on "Stay signed in"', async () => {
    await showPopup(session('Desk', { state: 'active', expiresAt: NOW + 3_600_000, staySignedIn: true }));
    const desk = card('Desk');
    expect(desk.getByRole('status').textContent).toBe('Active · 1 hr, 0 min left');
    for (const name of ['Copy token', 'Copy header', 'Copy as curl', 'Open API', 'Sign out'])
      expect(desk.getByRole('button', { name })).toBeTruthy();
    expect(desk.getByText(/refresh token is kept on this computer’s disk/)).toBeTruthy();
    expect(desk.queryByRole('button', { name: 'Verify one-time token' })).toBeNull();
  });

  it('active without renewal (ETNA): says the session then ends', async () => {
    await showPopup(
      session('Etna', { broker: 'etna', renewable: false, state: 'active', expiresAt: NOW + 5 * 60_000 }),
    );
    expect(card('Etna').getByRole('status').textContent).toBe(
      'Active · 5 min, 0 sec left, then sign in again',
    );
  });

  it('active TraderEvolution: the one-time-token check is offered', async () => {
    await showPopup(session('Te', { broker: 'traderevolution', state: 'active', expiresAt: NOW + 60_000 }));
    expect(card('Te').getByRole('button', { name: 'Verify one-time token' })).toBeTruthy();
  });

  it.each([
    ['expired', 'Expired', 'session-expired', 'The session reached the end of its lifetime. Sign in again.'],
    ['error', 'Error', 'invalid-credentials', 'The broker did not accept the email or password.'],
  ] as const)(
    '%s: the reason in an alert, and the sign-in form again',
    async (state, status, code, message) => {
      await showPopup(session('Desk', { state, error: { code, message } }));
      const desk = card('Desk');
      expect(desk.getByRole('status').textContent).toBe(status);
      expect(desk.getByRole('alert').textContent).toBe(message);
      expect(desk.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    },
  );

  it('lists the profile that needs attention first', async () => {
    await showPopup(
      session('Idle'),
      session('Live', { state: 'active', expiresAt: NOW + 3_600_000 }),
      session('Waiting', { state: 'code-required', challengeExpiresAt: NOW + 60_000 }),
    );
    expect(screen.getAllByRole('region').map((region) => region.getAttribute('aria-label'))).toEqual([
      'Waiting',
      'Live',
      'Idle',
    ]);
  });

  it('follows the worker: a change notice re-reads the sessions', async () => {
    await showPopup(session('Desk'));
    sessions = [session('Desk', { state: 'active', expiresAt: NOW + 60_000 })];
    fireChanged();
    expect(await card('Desk').findByRole('button', { name: 'Copy token' })).toBeTruthy();
  });

  it('says so when the sessions cannot be read', async () => {
    answer('listSessions', () => ({ ok: false, error: { code: 'storage', message: 'unreadable' } }));
    render(<PopupApp />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Something went wrong inside the extension. Try again.',
    );
  });

  it('pops out once, and not from its own window', async () => {
    await showPopup(session('Desk'));
    expect(screen.getByRole('button', { name: 'Pop out' })).toBeTruthy();
    cleanup();
    history.replaceState(null, '', '?window=1');
    await showPopup(session('Desk'));
    expect(screen.queryByRole('button', { name: 'Pop out' })).toBeNull();
    history.replaceState(null, '', '?');
  });
});
