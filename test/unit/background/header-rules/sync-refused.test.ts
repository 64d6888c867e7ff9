/**
 * A rule update that the browser refuses never leaves another profile's old rules in force.
 * Chrome refuses a whole `updateSessionRules` call when one header value is invalid (the fake
 * does the same), so one session with a CR/LF in its token must cost that session its rules, not
 * stall every other profile's sign-out, sign-in and refresh.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { syncHeaderRules } from '../../../../src/background/header-rules/sync.ts';
import type { Profile } from '../../../../src/shared/profile.ts';
import { browser, resetWorkerBrowser, sessionRules } from '../support/worker-browser.ts';
import { attachedTokens } from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const BAD = 'c1\r\nX-Injected: 1';

const profile = (id: string): Profile => ({
  id,
  name: `Desk ${id}`,
  broker: 'traderevolution',
  apiBaseUrl: `https://api-${id}.broker.example/rest`,
  webAppOrigins: [`https://app-${id}.broker.example`],
  staySignedIn: false,
  refreshMarginSec: 300,
});

/** Profiles p1–p3 (each with a web app), active sessions with these tokens, and API tabs. */
async function sessions(tokens: Record<string, string>, apiTabs: Record<string, string> = {}) {
  const now = Date.now();
  await browser.storage.local.set({ profiles: ['p1', 'p2', 'p3'].map(profile) });
  await browser.storage.session.set({
    apiTabs,
    sessions: Object.fromEntries(
      Object.entries(tokens).map(([id, accessToken]) => [
        id,
        {
          profileId: id,
          state: 'active',
          sessionId: `s-${id}`,
          tokensIssuedAt: now,
          tokens: { accessToken, expiresAt: now + 3_600_000 },
          updatedAt: now,
        },
      ]),
    ),
  });
}

const sorted = (values: string[]) => [...values].sort();
const rulesWith = (value: string) =>
  JSON.stringify(
    [...sessionRules.rules.values()].filter((rule) =>
      rule.action.requestHeaders?.some((header) => header.value === value),
    ),
  );

beforeEach(() => {
  resetWorkerBrowser();
  vi.restoreAllMocks();
});

describe('a session whose header value the browser refuses', () => {
  it("does not keep another profile's sign-out from taking its token away", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await sessions({ p1: 'a1', p2: 'b1' }, { 7: 'p2' });
    await syncHeaderRules();
    const p2Rules = rulesWith('Bearer b1');
    const p2Ids = (JSON.parse(p2Rules) as { id: number }[]).map((rule) => rule.id);
    const update = vi.spyOn(sessionRules, 'updateSessionRules');

    // p1 signs out while p3 signs in with a token that no header can carry.
    await sessions({ p2: 'b1', p3: BAD }, { 7: 'p2' });
    await syncHeaderRules();

    expect(sorted(attachedTokens())).toEqual([
      'Bearer b1',
      'Bearer b1',
      'Bearer b1',
      'Bearer b1',
      'Bearer b1',
    ]);
    // p2's rules were never touched: not even removed and added again.
    expect(rulesWith('Bearer b1')).toBe(p2Rules);
    const removed = update.mock.calls.flatMap(([change]) => change.removeRuleIds ?? []);
    expect(removed.filter((id) => p2Ids.includes(id))).toEqual([]);
    // Said as a count, never with the value.
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('1 sessions get no header rules'));
    expect(JSON.stringify(warn.mock.calls)).not.toContain('c1');
  });

  it('keeps following every other change while it stays, and gets its rules once its token is fine', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await sessions({ p1: 'a1', p3: BAD });
    await syncHeaderRules();
    expect(sorted(attachedTokens())).toEqual(['Bearer a1', 'Bearer a1']);

    await sessions({ p1: 'a2', p2: 'b1', p3: BAD }, { 9: 'p1' });
    await syncHeaderRules();
    expect(sorted(attachedTokens())).toEqual(
      sorted([...Array(5).fill('Bearer a2'), 'Bearer b1', 'Bearer b1']),
    );

    await sessions({ p2: 'b1', p3: 'c2' });
    await syncHeaderRules();
    expect(sorted(attachedTokens())).toEqual(['Bearer b1', 'Bearer b1', 'Bearer c2', 'Bearer c2']);
  });

  it("leaves no old token of a profile whose renewed token is refused, nor of another one's sign-out", async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await sessions({ p1: 'a1', p2: 'b1', p3: 'c1' });
    await syncHeaderRules();

    await sessions({ p2: 'b1', p3: BAD });
    await syncHeaderRules();
    expect(sorted(attachedTokens())).toEqual(['Bearer b1', 'Bearer b1']);
  });
});
