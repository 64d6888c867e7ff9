/**
 * The header-rules rebuild takes its diff from the prints of what it applied last
 * (storage.session) instead of reading every rule back from the browser, and must stay exactly
 * right when those prints and the browser part ways: a change cut short, a change the browser
 * refuses, rules the browser dropped.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rulePrints, sameRule } from '../../../../src/background/header-rules/applied.ts';
import { checkHeaderRulesAtNextSync, syncHeaderRules } from '../../../../src/background/header-rules/sync.ts';
import type { Profile } from '../../../../src/shared/profile.ts';
import { browser, resetWorkerBrowser, restartBrowser, sessionRules } from '../support/worker-browser.ts';
import { attachedTokens } from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const PRINTS_KEY = 'appliedHeaderRules';

const profile = (id: string): Profile => ({
  id,
  name: `Desk ${id}`,
  broker: 'traderevolution',
  apiBaseUrl: `https://api-${id}.broker.example/rest`,
  webAppOrigins: [`https://app-${id}.broker.example`],
  staySignedIn: false,
  refreshMarginSec: 300,
});

/** Active sessions with these access tokens, by profile id, for these profiles (each with a web app). */
async function storeSessions(
  profileIds: string[],
  tokens: Record<string, string>,
  apiTabs?: Record<string, string>,
): Promise<void> {
  const now = Date.now();
  await browser.storage.local.set({ profiles: profileIds.map(profile) });
  await browser.storage.session.set({
    ...(apiTabs && { apiTabs }),
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

/** Three profiles, p1–p3 (two rules each when signed in). */
const activeSessions = (tokens: Record<string, string>) => storeSessions(['p1', 'p2', 'p3'], tokens);

const foreign = {
  id: 900_001,
  priority: 1,
  action: { type: 'block' as const },
  condition: { urlFilter: '|https://ads.example/' },
};

beforeEach(() => {
  resetWorkerBrowser();
  vi.restoreAllMocks();
});

describe('syncHeaderRules', () => {
  it('follows sign-ins, refreshes and sign-outs without reading every rule back from the browser', async () => {
    await activeSessions({ p1: 'a1' });
    await syncHeaderRules();
    const readBack = vi.spyOn(sessionRules, 'getSessionRules');

    await activeSessions({ p1: 'a1', p2: 'b1' });
    await syncHeaderRules();
    await activeSessions({ p1: 'a2', p2: 'b1' });
    await syncHeaderRules();
    expect(attachedTokens().sort()).toEqual(['Bearer a2', 'Bearer a2', 'Bearer b1', 'Bearer b1']);
    await activeSessions({ p2: 'b1' });
    await syncHeaderRules();

    expect(attachedTokens().sort()).toEqual(['Bearer b1', 'Bearer b1']);
    expect(readBack).not.toHaveBeenCalled();
  });

  it('leaves no signed-out token behind after a change that stopped before its prints were written', async () => {
    await activeSessions({ p1: 'a1' });
    await syncHeaderRules();
    // The worker stops right after the browser took the new rules: nothing after that runs.
    const write = browser.storage.session.set.bind(browser.storage.session);
    vi.spyOn(browser.storage.session, 'set').mockImplementation((items) =>
      PRINTS_KEY in items ? Promise.reject(new Error('worker stopped')) : write(items),
    );
    await activeSessions({ p1: 'a1', p2: 'b1' });
    await expect(syncHeaderRules()).rejects.toThrow('worker stopped');
    expect(attachedTokens()).toContain('Bearer b1');
    vi.restoreAllMocks();

    await activeSessions({ p1: 'a1' });
    await syncHeaderRules();
    expect(attachedTokens().sort()).toEqual(['Bearer a1', 'Bearer a1']);
  });

  it('rebuilds from the browser when it refuses a change made from wrong prints, sparing rules not ours', async () => {
    sessionRules.rules.set(foreign.id, foreign);
    await activeSessions({ p1: 'a1', p2: 'b1' });
    await syncHeaderRules();
    // Prints that say nothing is applied: adding p1's rules again is refused as a duplicate id.
    await browser.storage.session.set({ [PRINTS_KEY]: {} });

    await activeSessions({ p1: 'a2', p3: 'c1' });
    await syncHeaderRules();
    expect(attachedTokens().sort()).toEqual(['Bearer a2', 'Bearer a2', 'Bearer c1', 'Bearer c1']);
    expect(sessionRules.rules.get(foreign.id)).toEqual(foreign);
    // …and the prints are true again: the next change needs no read-back.
    const readBack = vi.spyOn(sessionRules, 'getSessionRules');
    await activeSessions({ p1: 'a3', p3: 'c1' });
    await syncHeaderRules();
    expect(attachedTokens().sort()).toEqual(['Bearer a3', 'Bearer a3', 'Bearer c1', 'Bearer c1']);
    expect(readBack).not.toHaveBeenCalled();
  });

  it('checked at a wake-up, brings back rules the browser dropped or holds differently', async () => {
    sessionRules.rules.set(foreign.id, foreign);
    await activeSessions({ p1: 'a1', p2: 'b1', p3: 'c1' });
    await syncHeaderRules();
    const wanted = JSON.stringify([...sessionRules.rules.entries()].sort(([a], [b]) => a - b));

    sessionRules.rules.clear();
    sessionRules.rules.set(foreign.id, foreign);
    checkHeaderRulesAtNextSync();
    await syncHeaderRules();
    expect(JSON.stringify([...sessionRules.rules.entries()].sort(([a], [b]) => a - b))).toBe(wanted);

    const last = Math.max(...[...sessionRules.rules.keys()].filter((id) => id !== foreign.id));
    sessionRules.rules.get(last)!.action.requestHeaders![0]!.value = 'Bearer stale';
    checkHeaderRulesAtNextSync();
    await syncHeaderRules();
    expect(JSON.stringify([...sessionRules.rules.entries()].sort(([a], [b]) => a - b))).toBe(wanted);
  });
});

/** Profiles d00 … d39 (each with a web app) and active sessions with these tokens. */
async function desks(tokens: Record<string, string>, apiTabs: Record<string, string> = {}): Promise<void> {
  const ids = Array.from({ length: 40 }, (_, i) => `d${String(i).padStart(2, '0')}`);
  await storeSessions(ids, tokens, apiTabs);
}

const signedIn = (count: number, except: string[] = []) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => `d${String(i).padStart(2, '0')}`)
      .filter((id) => !except.includes(id))
      .map((id) => [id, `tok-${id}`]),
  );

/** The rules (id → JSON) that carry this bearer token. */
const rulesWith = (token: string) =>
  new Map(
    [...sessionRules.rules.values()]
      .filter((rule) => rule.action.requestHeaders?.some((header) => header.value === `Bearer ${token}`))
      .map((rule) => [rule.id, JSON.stringify(rule)]),
  );

describe('syncHeaderRules among many profiles', () => {
  it('touches only the rules of the profile that signs in, signs out or refreshes', async () => {
    await desks(signedIn(30), { 7: 'd03', 9: 'd25' });
    await syncHeaderRules();
    const update = vi.spyOn(sessionRules, 'updateSessionRules');
    const before = new Map([...sessionRules.rules].map(([id, rule]) => [id, JSON.stringify(rule)]));
    const d15 = rulesWith('tok-d15');
    expect(d15.size).toBe(2);

    // d15, in the middle of the profile order, signs out: its two rules go, nothing else moves.
    await desks(signedIn(30, ['d15']), { 7: 'd03', 9: 'd25' });
    await syncHeaderRules();
    expect(update).toHaveBeenCalledTimes(1);
    expect(update.mock.calls[0]![0].removeRuleIds!.sort()).toEqual([...d15.keys()].sort());
    expect(update.mock.calls[0]![0].addRules).toEqual([]);
    for (const [id, rule] of before)
      if (!d15.has(id)) expect(JSON.stringify(sessionRules.rules.get(id))).toBe(rule);

    // A worker wake-up (the check reads two rules back) changes nothing.
    checkHeaderRulesAtNextSync();
    await syncHeaderRules();
    expect(update).toHaveBeenCalledTimes(1);

    // d05 refreshes its token: its two rules are replaced in place.
    const d05 = rulesWith('tok-d05');
    await desks({ ...signedIn(30, ['d15']), d05: 'tok-d05-new' }, { 7: 'd03', 9: 'd25' });
    await syncHeaderRules();
    expect(update.mock.calls[1]![0].removeRuleIds!.sort()).toEqual([...d05.keys()].sort());
    expect(update.mock.calls[1]![0].addRules!.map((rule) => rule.id).sort()).toEqual([...d05.keys()].sort());
    expect(new Set(rulesWith('tok-d05-new').keys())).toEqual(new Set(d05.keys()));

    // The first API tab is closed: its three rules go, nothing else.
    const tab7 = [...sessionRules.rules.values()].filter((rule) => rule.condition.tabIds?.[0] === 7);
    await desks({ ...signedIn(30, ['d15']), d05: 'tok-d05-new' }, { 9: 'd25' });
    await syncHeaderRules();
    expect(update.mock.calls[2]![0]).toEqual({ removeRuleIds: tab7.map((rule) => rule.id), addRules: [] });
  });

  it('gives the ids a signed-out profile freed to the next sign-in, leaving no rule with the old token', async () => {
    await desks(signedIn(30));
    await syncHeaderRules();
    const d10 = rulesWith('tok-d10');
    await desks(signedIn(30, ['d10']));
    await syncHeaderRules();
    const update = vi.spyOn(sessionRules, 'updateSessionRules');

    await desks({ ...signedIn(30, ['d10']), d35: 'tok-d35' });
    await syncHeaderRules();
    expect(new Set(rulesWith('tok-d35').keys())).toEqual(new Set(d10.keys()));
    expect(update.mock.calls[0]![0].removeRuleIds).toEqual([]);
    expect(attachedTokens()).not.toContain('Bearer tok-d10');
    expect(sessionRules.rules.size).toBe(30 * 2);

    // Sign-out and sign-in in one rebuild: the newcomer may take the leaver's ids in the same call.
    await desks({ ...signedIn(30, ['d10', 'd12']), d35: 'tok-d35', d36: 'tok-d36' });
    await syncHeaderRules();
    expect(attachedTokens()).not.toContain('Bearer tok-d12');
    expect(rulesWith('tok-d36').size).toBe(2);
    expect(sessionRules.rules.size).toBe(30 * 2);
  });

  it('starts afresh and complete after a browser restart, which drops the rules and the slots together', async () => {
    await desks(signedIn(20));
    await syncHeaderRules();
    await desks(signedIn(20, ['d02']));
    await syncHeaderRules();
    await restartBrowser();

    await desks({ d30: 'tok-d30', d31: 'tok-d31' });
    checkHeaderRulesAtNextSync();
    await syncHeaderRules();
    expect(attachedTokens().sort()).toEqual([
      'Bearer tok-d30',
      'Bearer tok-d30',
      'Bearer tok-d31',
      'Bearer tok-d31',
    ]);
    expect(Math.min(...sessionRules.rules.keys())).toBe(100_000);
  });
});

describe('rule prints', () => {
  const rule = {
    id: 100_000,
    priority: 1,
    action: {
      type: 'modifyHeaders' as const,
      requestHeaders: [{ header: 'Authorization', operation: 'set' as const, value: 'Bearer a1' }],
    },
    condition: { urlFilter: '|https://api.example/', initiatorDomains: ['app.example'] },
  };

  it('know the rule as the browser hands it back, with its keys sorted', () => {
    const asReturned = {
      action: { requestHeaders: rule.action.requestHeaders, type: rule.action.type },
      condition: { initiatorDomains: rule.condition.initiatorDomains, urlFilter: rule.condition.urlFilter },
      id: rule.id,
      priority: rule.priority,
    };
    expect(sameRule(asReturned, rule)).toBe(true);
    expect(sameRule({ ...asReturned, priority: 2 }, rule)).toBe(false);
  });

  it('change with the token, the scope or the id', () => {
    const variants = [
      {
        ...rule,
        action: {
          ...rule.action,
          requestHeaders: [{ ...rule.action.requestHeaders[0]!, value: 'Bearer a2' }],
        },
      },
      { ...rule, condition: { ...rule.condition, initiatorDomains: ['evil.example'] } },
      { ...rule, condition: { ...rule.condition, urlFilter: '|http://api.example/' } },
      { ...rule, id: 100_001 },
    ];
    const prints = new Set([rule, ...variants].map((one) => rulePrints([one]).get(one.id)));
    expect(prints.size).toBe(variants.length + 1);
  });
});
