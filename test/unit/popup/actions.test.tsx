// @vitest-environment happy-dom
/**
 * What the popup's controls send to the worker and show back: sign-in, the code step (Enter
 * submits, a refused code keeps the step with the broker's reason), copying in each format, and
 * the one-time-token check.
 */
import { cleanup, render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PopupApp } from '../../../src/popup/popup-app.tsx';
import { matchesPrint, type ClipboardPrint } from '../../../src/shared/fingerprint.ts';
import type { SessionView } from '../../../src/shared/protocol.ts';
import { answer, calls, fireChanged, resetBackground } from '../support/ui/fake-background.ts';

vi.mock('../../../src/shared/browser.ts', () => import('../support/ui/ui-browser.ts'));
vi.mock('../../../src/shared/messaging.ts', () => import('../support/ui/fake-background.ts'));
vi.mock('../../../src/shared/session-views.ts', () => import('../support/ui/fake-session-views.ts'));

const base: SessionView = {
  profileId: 'etna-1',
  name: 'Etna',
  broker: 'etna',
  apiBaseUrl: 'https://api.etna.example/api',
  state: 'signed-out',
  staySignedIn: false,
  renewable: false,
};

let current: SessionView;
beforeEach(() => {
  resetBackground();
  current = base;
  answer('listSessions', () => ({ ok: true, value: [current] }));
});
afterEach(cleanup);

/** The worker moves the session on and tells open pages, as the real one does. */
function workerMovesTo(next: Partial<SessionView>): SessionView {
  current = { ...base, ...next };
  fireChanged();
  return current;
}

async function openPopup() {
  render(<PopupApp />);
  return within(await screen.findByRole('region', { name: 'Etna' }));
}

describe('popup actions', () => {
  it('signs in, then answers the code with Enter', async () => {
    const user = userEvent.setup();
    answer('signIn', () => ({
      ok: true,
      value: workerMovesTo({ state: 'code-required', challengeExpiresAt: Date.now() + 300_000 }),
    }));
    answer('answerCode', () => ({
      ok: true,
      value: workerMovesTo({ state: 'active', expiresAt: Date.now() + 86_400_000 }),
    }));
    const card = await openPopup();
    await user.type(card.getByLabelText('Username'), ' trader ');
    await user.type(card.getByLabelText('Password'), 's3cret{enter}');
    expect(calls.find((call) => call.type === 'signIn')?.input).toEqual({
      profileId: 'etna-1',
      username: ' trader ',
      password: 's3cret',
    });
    const code = await card.findByLabelText('Verification code');
    await vi.waitFor(() => expect(document.activeElement).toBe(code));
    await user.paste('123 456');
    await user.keyboard('{Enter}');
    expect(calls.find((call) => call.type === 'answerCode')?.input).toEqual({
      profileId: 'etna-1',
      code: '123 456',
    });
    const copy = await card.findByRole('button', { name: 'Copy token' });
    await vi.waitFor(() => expect(document.activeElement).toBe(copy));
  });

  it('keeps the code step open with the broker’s reason when the code is refused', async () => {
    const user = userEvent.setup();
    current = { ...base, state: 'code-required', challengeExpiresAt: Date.now() + 300_000 };
    answer('answerCode', () => ({
      ok: false,
      error: { code: 'invalid-code', message: 'The code was not accepted: Invalid verification code' },
    }));
    const card = await openPopup();
    await user.type(card.getByLabelText('Verification code'), '000000{enter}');
    expect((await card.findByRole('alert')).textContent).toBe(
      'The code was not accepted: Invalid verification code',
    );
    expect(card.getByLabelText<HTMLInputElement>('Verification code').value).toBe('000000');
    expect(card.getByRole('status').textContent).toMatch(/^Code required/);
  });

  it.each([
    ['Copy token', 'Token copied', 'tok'],
    ['Copy header', 'Header copied', 'Authorization: Bearer tok\nEt-App-Key: key'],
    [
      'Copy as curl',
      'curl command copied',
      "curl -H 'Authorization: Bearer tok' -H 'Et-App-Key: key' 'https://api.etna.example/api/'",
    ],
  ])('%s: asks the worker to clear it later, then writes it and confirms', async (button, done, text) => {
    const user = userEvent.setup();
    current = { ...base, state: 'active', expiresAt: Date.now() + 60_000 };
    answer('getToken', () => ({
      ok: true,
      value: {
        accessToken: 'tok',
        apiBaseUrl: base.apiBaseUrl,
        headers: [
          { name: 'Authorization', value: 'Bearer tok' },
          { name: 'Et-App-Key', value: 'key' },
        ],
      },
    }));
    await navigator.clipboard.writeText('before');
    let clipboardWhenTold: string | undefined;
    answer('copying', async () => {
      clipboardWhenTold = await navigator.clipboard.readText();
      return { ok: true, value: { clearAt: Date.now() + 60_000 } };
    });
    const card = await openPopup();
    await user.click(card.getByRole('button', { name: button }));
    expect((await card.findByText(new RegExp(`^${done}`))).textContent).toBe(
      `${done} · cleared from the clipboard in 60 sec`,
    );
    expect(await navigator.clipboard.readText()).toBe(text);
    const { input } = calls.find((call) => call.type === 'copying')!;
    expect(input).toMatchObject({ profileId: 'etna-1' });
    expect(await matchesPrint(text, (input as { print: ClipboardPrint }).print)).toBe(true);
    // The worker heard of the copy before the text reached the clipboard.
    expect(clipboardWhenTold).toBe('before');
  });

  it('shows why nothing was copied when the session is gone', async () => {
    const user = userEvent.setup();
    current = { ...base, state: 'active', expiresAt: Date.now() + 60_000 };
    answer('getToken', () => ({
      ok: false,
      error: { code: 'not-active', message: 'There is no active session to copy from.' },
    }));
    const card = await openPopup();
    await user.click(card.getByRole('button', { name: 'Copy token' }));
    expect((await card.findByRole('alert')).textContent).toBe('There is no active session to copy from.');
  });

  it('opens the API tab and signs out through the worker', async () => {
    const user = userEvent.setup();
    current = { ...base, state: 'active', expiresAt: Date.now() + 60_000 };
    answer('openApiTab', () => ({ ok: true, value: { tabId: 7 } }));
    answer('signOut', () => ({ ok: true, value: workerMovesTo({ state: 'signed-out' }) }));
    const card = await openPopup();
    await user.click(card.getByRole('button', { name: 'Open API' }));
    expect(calls.at(-1)).toEqual({ type: 'openApiTab', input: { profileId: 'etna-1' } });
    await user.click(card.getByRole('button', { name: 'Sign out' }));
    expect(await card.findByLabelText('Username')).toBeTruthy();
  });

  it('checks a one-time token: the login it belongs to, or why not', async () => {
    const user = userEvent.setup();
    current = { ...base, broker: 'traderevolution', state: 'active', expiresAt: Date.now() + 60_000 };
    answer('verifyOneTimeToken', ({ token }) => ({
      ok: true,
      value:
        token === 'good' ? { valid: true, login: 'te-trader' } : { valid: false, reason: 'already used' },
    }));
    const card = await openPopup();
    await user.click(card.getByRole('button', { name: 'Verify one-time token' }));
    await user.type(card.getByLabelText('One-time token'), 'good{enter}');
    expect(await card.findByText('Valid: belongs to te-trader')).toBeTruthy();
    await user.clear(card.getByLabelText('One-time token'));
    await user.type(card.getByLabelText('One-time token'), 'spent{enter}');
    expect((await card.findByRole('alert')).textContent).toBe('Not valid: already used');
  });
});
