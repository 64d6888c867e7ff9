// @vitest-environment happy-dom
/**
 * The "Details" of a live session in the popup, against a scripted worker: closed until asked,
 * open across the worker's change notices, each fact in words, and a JWT's header and claims with
 * its times as local times. Never the token: the view has none to show.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PopupApp } from '../../../src/popup/popup-app.tsx';
import { timeFormat } from '../../../src/popup/session-details-format.ts';
import type { SessionDetails, SessionView } from '../../../src/shared/protocol.ts';
import { answer, fireChanged, resetBackground } from '../support/ui/fake-background.ts';

vi.mock('../../../src/shared/browser.ts', () => import('../support/ui/ui-browser.ts'));
vi.mock('../../../src/shared/messaging.ts', () => import('../support/ui/fake-background.ts'));
vi.mock('../../../src/shared/session-views.ts', () => import('../support/ui/fake-session-views.ts'));

const NOW = Date.UTC(2026, 10, 27, 9, 0, 0);
const EXP = NOW / 1000 + 3600;
/** The popup writes times in the browser's UI language (en-US here) and local zone. */
const local = timeFormat('en-US');

const details: SessionDetails = {
  signedInAt: NOW - 600_000,
  nextRenewalAt: NOW + 3_000_000,
  endsAt: NOW + 3_600_000,
  requestsLastHour: 1234,
  jwt: {
    header: { alg: 'HS256', typ: 'JWT' },
    claims: { sub: 'trader@volven.test', exp: EXP, iat: NOW / 1000, scope: ['read', 'trade'] },
  },
};

function live(extra: Partial<SessionView> = {}): SessionView {
  return {
    profileId: 'desk',
    name: 'Desk',
    broker: 'volven',
    apiBaseUrl: 'https://api.volven.example',
    state: 'active',
    expiresAt: NOW + 3_600_000,
    staySignedIn: false,
    renewable: true,
    username: 'trader@volven.test',
    details,
    ...extra,
  };
}

let current: SessionView;
beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
  resetBackground();
  current = live();
  answer('listSessions', () => ({ ok: true, value: [current] }));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function openPopup() {
  render(<PopupApp />);
  return within(await screen.findByRole('region', { name: 'Desk' }));
}

const disclosure = () => document.querySelector('details')!;

/** The definition of `term` in the details (the <dd> after the <dt> that says it). */
function fact(term: string): HTMLElement {
  const dt = [...disclosure().querySelectorAll('dt')].find((element) => element.textContent === term);
  if (!dt) throw new Error(`no "${term}" in the details`);
  return dt.nextElementSibling as HTMLElement;
}
const terms = () => [...disclosure().querySelectorAll('dt')].map((dt) => dt.textContent);

async function openDetails(card: ReturnType<typeof within>) {
  const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
  await user.click(card.getByText('Details'));
  await vi.waitFor(() => expect(disclosure().open).toBe(true));
}

describe('the details of a live session', () => {
  it('are closed until asked for, behind a native disclosure', async () => {
    const card = await openPopup();
    const summary = card.getByText('Details');
    expect(summary.tagName).toBe('SUMMARY');
    expect(disclosure().open).toBe(false);
  });

  it('say when it signed in and renews, how busy its token is, and that nothing was refused', async () => {
    await openDetails(await openPopup());
    expect(terms().slice(0, 5)).toEqual([
      'Signed in',
      'Last renewal',
      'Next renewal',
      'Requests in the last hour',
      'Last refusal',
    ]);
    const signedIn = fact('Signed in').querySelector('time')!;
    expect(signedIn.textContent).toBe(local(NOW - 600_000));
    expect(signedIn.getAttribute('datetime')).toBe(new Date(NOW - 600_000).toISOString());
    expect(fact('Last renewal').textContent).toBe('None yet');
    expect(fact('Next renewal').textContent).toBe(local(NOW + 3_000_000));
    expect(fact('Requests in the last hour').textContent).toBe('1,234');
    expect(fact('Last refusal').textContent).toBe('None');
  });

  it('stay open while the worker’s notices re-render them, and show the new facts', async () => {
    await openDetails(await openPopup());
    for (let second = 1; second <= 3; second++) {
      current = live({
        state: second === 2 ? 'refreshing' : 'active',
        details: {
          ...details,
          requestsLastHour: 1234 + second,
          lastRenewalAt: NOW + second * 1000,
          lastRefusal: { at: NOW + 500, status: 401, path: '/whoami' },
        },
      });
      fireChanged();
      await vi.advanceTimersByTimeAsync(1000);
      await vi.waitFor(() => expect(fact('Requests in the last hour').textContent).toBe(`1,${234 + second}`));
      expect(disclosure().open).toBe(true);
    }
    expect(fact('Last renewal').textContent).toBe(local(NOW + 3000));
    expect(fact('Last refusal').textContent).toBe(`${local(NOW + 500)} · 401 · /whoami`);
  });

  it('close again when asked, and stay closed across notices', async () => {
    const card = await openPopup();
    await openDetails(card);
    fireEvent.click(card.getByText('Details'));
    await vi.waitFor(() => expect(disclosure().open).toBe(false));
    fireChanged();
    await vi.advanceTimersByTimeAsync(1000);
    expect(disclosure().open).toBe(false);
  });

  it('list the JWT’s header and claims, its times as local times with the number kept', async () => {
    await openDetails(await openPopup());
    expect(screen.getByRole('heading', { name: 'Token claims' })).toBeTruthy();
    expect(fact('alg').textContent).toBe('HS256');
    expect(fact('sub').textContent).toBe('trader@volven.test');
    expect(fact('scope').textContent).toBe('["read","trade"]');
    const exp = fact('exp');
    expect(exp.querySelector('time')!.textContent).toBe(local(EXP * 1000));
    expect(exp.querySelector('time')!.getAttribute('datetime')).toBe(new Date(EXP * 1000).toISOString());
    expect(exp.textContent).toContain(String(EXP));
    expect(fact('iat').querySelector('time')!.textContent).toBe(local(NOW));
  });

  it('say when a session without renewal (ETNA) ends, and have no claims for a token that is no JWT', async () => {
    current = live({
      broker: 'etna',
      renewable: false,
      details: { signedInAt: NOW, endsAt: NOW + 86_400_000, requestsLastHour: 0 },
    });
    await openDetails(await openPopup());
    expect(terms()).toEqual([
      'Signed in',
      'Last renewal',
      'Ends',
      'Requests in the last hour',
      'Last refusal',
    ]);
    expect(fact('Ends').textContent).toBe(local(NOW + 86_400_000));
    expect(fact('Requests in the last hour').textContent).toBe('0');
    expect(screen.queryByRole('heading', { name: 'Token claims' })).toBeNull();
  });

  it('say "Not known" for a sign-in time the worker does not have', async () => {
    current = live({ details: { ...details, signedInAt: undefined } });
    await openDetails(await openPopup());
    expect(fact('Signed in').textContent).toBe('Not known');
  });

  it('are not offered for a session that is not live', async () => {
    current = live({ state: 'signed-out', details: undefined });
    const card = await openPopup();
    expect(card.queryByText('Details')).toBeNull();
  });
});
