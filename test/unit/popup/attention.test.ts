import { describe, expect, it } from 'vitest';
import { byAttention, ENDING_SOON_MS } from '../../../src/popup/attention.ts';
import type { SessionState, SessionView } from '../../../src/shared/protocol.ts';

const NOW = 1_000_000_000;
const view = (name: string, state: SessionState, extra: Partial<SessionView> = {}): SessionView => ({
  profileId: name,
  name,
  broker: 'volven',
  apiBaseUrl: 'https://api.example.com',
  state,
  staySignedIn: false,
  renewable: true,
  ...extra,
});
const names = (list: SessionView[]) => list.map((session) => session.name);

describe('byAttention', () => {
  it('puts a code to type first, then ended or failed sessions, then the rest in list order', () => {
    const list = [
      view('signed-out', 'signed-out'),
      view('active', 'active', { expiresAt: NOW + 3_600_000 }),
      view('expired', 'expired'),
      view('code', 'code-required'),
      view('error', 'error'),
      view('signing-in', 'signing-in'),
    ];
    expect(names(byAttention(list, NOW))).toEqual([
      'code',
      'expired',
      'error',
      'signing-in',
      'active',
      'signed-out',
    ]);
  });

  it('raises a session that will end without renewal soon, not one that renews itself', () => {
    const soon = NOW + ENDING_SOON_MS - 1;
    const list = [
      view('renews', 'active', { expiresAt: soon }),
      view('ends', 'active', { expiresAt: soon, renewable: false, broker: 'etna' }),
      view('ends later', 'active', { expiresAt: NOW + 2 * ENDING_SOON_MS, renewable: false }),
    ];
    expect(names(byAttention(list, NOW))).toEqual(['ends', 'renews', 'ends later']);
  });

  it('does not change the list it is given', () => {
    const list = [view('b', 'signed-out'), view('a', 'code-required')];
    byAttention(list, NOW);
    expect(names(list)).toEqual(['b', 'a']);
  });
});
