import { describe, expect, it } from 'vitest';
import {
  API_TAB_SLOTS,
  isOurRuleId,
  planRules,
  WEB_APP_RULE_IDS,
  WEB_APP_SLOTS,
  type ApiTabGrant,
  type WebAppGrant,
} from '../../../../src/background/header-rules/plan.ts';
import type { DeclarativeNetRequest } from '../../../../src/shared/browser.ts';

const auth = [{ name: 'Authorization', value: 'Bearer t0k3n' }];

/** The rules for the given grants, slots given afresh. */
const rulesFor = (...grants: Parameters<typeof planRules>) => planRules(...grants).rules;

describe('planRules, slots given afresh', () => {
  it('scopes every rule to the API tab and the API base URL, port included', () => {
    const rules = rulesFor([{ tabId: 7, apiBaseUrl: 'http://api.volven.test:47801', headers: auth }]);
    expect(rules).toHaveLength(5);
    for (const rule of rules) expect(rule.condition.tabIds).toEqual([7]);
    const [block, allow, navigation, subRequests, websocket] = rules;
    // Every top-level navigation out of the scope is blocked; the scope itself is allowed through.
    expect(block).toMatchObject({ priority: 1, action: { type: 'block' } });
    expect(block!.condition).toEqual({ tabIds: [7], resourceTypes: ['main_frame'] });
    expect(allow).toMatchObject({ priority: 2, action: { type: 'allow' } });
    expect(allow!.condition).toMatchObject({
      urlFilter: '|http://api.volven.test:47801/',
      resourceTypes: ['main_frame'],
    });
    for (const rule of [navigation!, subRequests!, websocket!]) {
      expect(rule.priority).toBe(3);
      expect(rule.condition.isUrlFilterCaseSensitive).toBe(true);
      expect(rule.action.requestHeaders).toEqual([
        { header: 'Authorization', operation: 'set', value: 'Bearer t0k3n' },
      ]);
    }
    expect(navigation!.condition).toMatchObject({
      urlFilter: '|http://api.volven.test:47801/',
      resourceTypes: ['main_frame'],
      requestMethods: ['get'],
    });
    expect(navigation!.condition.initiatorDomains).toBeUndefined();
    expect(subRequests!.condition).toMatchObject({
      urlFilter: '|http://api.volven.test:47801/',
      initiatorDomains: ['api.volven.test'],
    });
    expect(subRequests!.condition.resourceTypes).not.toContain('main_frame');
    expect(websocket!.condition).toMatchObject({
      urlFilter: '|ws://api.volven.test:47801/',
      initiatorDomains: ['api.volven.test'],
      resourceTypes: ['websocket'],
    });
  });

  it('scopes to the base URL’s path where it has one, and uses wss for an https API', () => {
    const rules = rulesFor([
      { tabId: 3, apiBaseUrl: 'https://bo.example.com:8443/proftrading/rest', headers: auth },
    ]);
    expect(rules[1]!.condition.urlFilter).toBe('|https://bo.example.com:8443/proftrading/rest/');
    expect(rules[2]!.condition.urlFilter).toBe('|https://bo.example.com:8443/proftrading/rest/');
    expect(rules[4]!.condition.urlFilter).toBe('|wss://bo.example.com:8443/proftrading/rest/');
  });

  it('writes urlFilter’s own special characters percent-encoded, so such a path fails closed', () => {
    const [, allow] = rulesFor([{ tabId: 3, apiBaseUrl: 'https://api.example.com/a*b^c|d', headers: auth }]);
    expect(allow!.condition.urlFilter).toBe('|https://api.example.com/a%2Ab%5Ec%7Cd/');
  });

  it('carries every header the broker needs (ETNA: Et-App-Key too)', () => {
    const headers = [...auth, { name: 'Et-App-Key', value: 'demo-app-key' }];
    const [, , rule] = rulesFor([{ tabId: 1, apiBaseUrl: 'https://api.etna.example/api', headers }]);
    expect(rule!.action.requestHeaders?.map((header) => header.header)).toEqual([
      'Authorization',
      'Et-App-Key',
    ]);
  });

  it('gives stable, unique ids inside our range whatever the order of the tabs', () => {
    const grants = [9, 2, 5].map((tabId) => ({
      tabId,
      apiBaseUrl: 'https://api.example.com',
      headers: auth,
    }));
    const rules = rulesFor(grants);
    expect(rules.map((rule) => rule.id)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(rules[0]!.condition.tabIds).toEqual([2]);
    expect(rulesFor([...grants].reverse())).toEqual(rules);
    expect(rules.every((rule) => isOurRuleId(rule.id))).toBe(true);
    expect(isOurRuleId(WEB_APP_RULE_IDS.last + 1)).toBe(false);
    expect(isOurRuleId(0)).toBe(false);
  });

  it('builds nothing when no tab holds a session', () => {
    expect(rulesFor([])).toEqual([]);
  });

  it('lets a web app initiate API requests in any tab, but never navigations', () => {
    const rules = rulesFor(
      [],
      [
        {
          profileId: 'p1',
          apiBaseUrl: 'https://api.example.com/v2',
          webAppOrigins: ['https://app.example.com', 'https://app.example.com'],
          headers: auth,
        },
        { profileId: 'p0', apiBaseUrl: 'https://api.other.com', webAppOrigins: [], headers: auth },
      ],
    );
    expect(rules.map((rule) => rule.id)).toEqual([WEB_APP_RULE_IDS.first, WEB_APP_RULE_IDS.first + 1]);
    for (const rule of rules) {
      expect(rule.condition.tabIds).toBeUndefined();
      expect(rule.condition.initiatorDomains).toEqual(['app.example.com']);
      expect(rule.condition.resourceTypes).not.toContain('main_frame');
    }
    expect(rules[0]!.condition.urlFilter).toBe('|https://api.example.com/v2/');
    expect(rules[1]!.condition).toMatchObject({
      urlFilter: '|wss://api.example.com/v2/',
      resourceTypes: ['websocket'],
    });
  });
});

const app = (id: string, token = `t-${id}`): WebAppGrant => ({
  profileId: id,
  apiBaseUrl: `https://api-${id}.example.com`,
  webAppOrigins: [`https://app-${id}.example.com`],
  headers: [{ name: 'Authorization', value: `Bearer ${token}` }],
});
const tab = (tabId: number, token = `tab-${tabId}`): ApiTabGrant => ({
  tabId,
  apiBaseUrl: 'https://api.example.com',
  headers: [{ name: 'Authorization', value: `Bearer ${token}` }],
});
/** p0000, p0001, …, in the order the rules give out slots. */
const profileIds = (count: number) =>
  Array.from({ length: count }, (_, i) => `p${String(i).padStart(4, '0')}`);

/** The rules of `after` that are not exactly in `before`, and the ids of `before` gone from `after`. */
function touched(before: DeclarativeNetRequest.Rule[], after: DeclarativeNetRequest.Rule[]) {
  const old = new Map(before.map((rule) => [rule.id, JSON.stringify(rule)]));
  const now = new Set(after.map((rule) => rule.id));
  return {
    added: after.filter((rule) => old.get(rule.id) !== JSON.stringify(rule)).map((rule) => rule.id),
    removed: before.filter((rule) => !now.has(rule.id)).map((rule) => rule.id),
  };
}

const unique = (rules: DeclarativeNetRequest.Rule[]) =>
  new Set(rules.map((rule) => rule.id)).size === rules.length;

describe('rule slots', () => {
  const ids = profileIds(100);
  const tabs = [11, 12, 13, 14, 15].map((tabId) => tab(tabId));
  const first = planRules(
    tabs,
    ids.map((id) => app(id)),
  );

  it('give a grant in the middle of many the same ids whatever comes or goes around it', () => {
    const ownIds = (plan: typeof first, id: string) =>
      plan.rules.filter((rule) => rule.condition.urlFilter?.includes(`api-${id}.`)).map((rule) => rule.id);

    // p0050 signs out: only its two rules go, every other rule stays exactly as it was.
    const signedOut = planRules(
      tabs,
      ids.filter((id) => id !== 'p0050').map((id) => app(id)),
      first.slots,
    );
    expect(touched(first.rules, signedOut.rules)).toEqual({ added: [], removed: ownIds(first, 'p0050') });

    // A profile that sorts first signs in: two rules added, none moved.
    const signedIn = planRules(
      tabs,
      ['a-first', ...ids].map((id) => app(id)),
      first.slots,
    );
    const change = touched(first.rules, signedIn.rules);
    expect(change.removed).toEqual([]);
    expect(change.added).toEqual(ownIds(signedIn, 'a-first'));
    expect(change.added).toHaveLength(2);

    // p0050's token is refreshed: its two rules change, in place.
    const refreshed = planRules(
      tabs,
      ids.map((id) => app(id, id === 'p0050' ? 'new' : `t-${id}`)),
      first.slots,
    );
    expect(touched(first.rules, refreshed.rules)).toEqual({ added: ownIds(first, 'p0050'), removed: [] });

    // The middle API tab is closed: its five rules go, nothing else.
    const closed = planRules(
      tabs.filter((grant) => grant.tabId !== 13),
      ids.map((id) => app(id)),
      first.slots,
    );
    const tabRules = first.rules.filter((rule) => rule.condition.tabIds?.[0] === 13).map((rule) => rule.id);
    expect(tabRules).toHaveLength(5);
    expect(touched(first.rules, closed.rules)).toEqual({ added: [], removed: tabRules });
  });

  it('free the ids of a grant that ends, for the next newcomer, and never give one slot twice', () => {
    const without = planRules(
      tabs,
      ids.filter((id) => id !== 'p0020').map((id) => app(id)),
      first.slots,
    );
    expect(without.slots.webApps).not.toHaveProperty('p0020');
    const freed = first.rules.filter((rule) => rule.condition.urlFilter?.includes('api-p0020.'));
    const next = planRules(
      tabs,
      [...ids.filter((id) => id !== 'p0020'), 'zz-new'].map((id) => app(id)),
      without.slots,
    );
    const reused = next.rules.filter((rule) => rule.condition.urlFilter?.includes('api-zz-new.'));
    expect(reused.map((rule) => rule.id)).toEqual(freed.map((rule) => rule.id));
    expect(unique(next.rules)).toBe(true);
    expect(next.rules.flatMap((rule) => rule.action.requestHeaders?.map((h) => h.value) ?? [])).not.toContain(
      'Bearer t-p0020',
    );
  });

  it('survive a stale or corrupt table: distinct ids inside our range for every grant', () => {
    const corrupt = {
      apiTabs: { '11': 0, '12': 0, '13': -1, '14': 1.5, '15': API_TAB_SLOTS },
      webApps: {
        p0000: 3,
        p0001: 3,
        p0002: Number.NaN,
        p0003: 'x',
        gone: 4,
        toString: 7,
      } as unknown as Record<string, number>,
    };
    const plan = planRules(
      tabs,
      ids.map((id) => app(id)),
      corrupt,
    );
    expect(plan.unplaced).toBe(0);
    expect(plan.rules).toHaveLength(5 * 5 + 100 * 2);
    expect(unique(plan.rules)).toBe(true);
    expect(plan.rules.every((rule) => isOurRuleId(rule.id))).toBe(true);
    expect(plan.slots.webApps.p0000).toBe(3);
    expect(plan.slots.webApps).not.toHaveProperty('gone');
    // Ids that are also names of object properties are keys like any other.
    expect(unique(planRules([], [app('__proto__'), app('constructor'), app('toString')]).rules)).toBe(true);
    // Two grants under one profile id (an administrator's and a user's) still get ids of their own.
    expect(unique(planRules([], [app('same', 'a'), app('same', 'b')]).rules)).toBe(true);
    expect(planRules([], [app('same', 'a'), app('same', 'b')]).rules).toHaveLength(4);
  });

  it('fit 500 profiles and the API tabs inside the browser limit, and leave the rest unplaced, not sharing', () => {
    expect(WEB_APP_SLOTS).toBeGreaterThanOrEqual(500);
    const many = profileIds(WEB_APP_SLOTS + 1).map((id) => app(id));
    const manyTabs = Array.from({ length: API_TAB_SLOTS + 1 }, (_, i) => tab(i + 1));
    const full = planRules(manyTabs, many);
    expect(full.unplaced).toBe(2);
    expect(full.rules.length).toBeLessThanOrEqual(5_000);
    expect(unique(full.rules)).toBe(true);
    expect(full.rules.every((rule) => isOurRuleId(rule.id))).toBe(true);
    const last = many.at(-1)!.profileId;
    expect(full.slots.webApps).not.toHaveProperty(last);
    // When a slot frees up, the grant left out gets it at the next rebuild.
    const after = planRules(manyTabs, many.slice(1), full.slots);
    expect(after.unplaced).toBe(1);
    expect(after.slots.webApps[last]).toBe(full.slots.webApps[many[0]!.profileId]);
  });
});
