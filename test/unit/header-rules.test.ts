import { describe, expect, it } from 'vitest';
import { buildRules, isOurRuleId, WEB_APP_RULE_IDS } from '../../src/background/header-rules.ts';

const auth = [{ name: 'Authorization', value: 'Bearer t0k3n' }];

describe('buildRules', () => {
  it('scopes every rule to the API tab and the API origin, port included', () => {
    const rules = buildRules([{ tabId: 7, apiBaseUrl: 'http://api.volven.test:47801', headers: auth }]);
    expect(rules).toHaveLength(3);
    for (const rule of rules) {
      expect(rule.condition.tabIds).toEqual([7]);
      expect(rule.action.requestHeaders).toEqual([
        { header: 'Authorization', operation: 'set', value: 'Bearer t0k3n' },
      ]);
    }
    const [navigation, subRequests, websocket] = rules;
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

  it('uses wss for an https API and the API origin even when the base URL has a path', () => {
    const rules = buildRules([
      { tabId: 3, apiBaseUrl: 'https://bo.example.com:8443/proftrading/rest', headers: auth },
    ]);
    expect(rules[0]!.condition.urlFilter).toBe('|https://bo.example.com:8443/');
    expect(rules[2]!.condition.urlFilter).toBe('|wss://bo.example.com:8443/');
  });

  it('carries every header the broker needs (ETNA: Et-App-Key too)', () => {
    const headers = [...auth, { name: 'Et-App-Key', value: 'demo-app-key' }];
    const [rule] = buildRules([{ tabId: 1, apiBaseUrl: 'https://api.etna.example/api', headers }]);
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
    const rules = buildRules(grants);
    expect(rules.map((rule) => rule.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rules[0]!.condition.tabIds).toEqual([2]);
    expect(buildRules([...grants].reverse())).toEqual(rules);
    expect(rules.every((rule) => isOurRuleId(rule.id))).toBe(true);
    expect(isOurRuleId(WEB_APP_RULE_IDS.last + 1)).toBe(false);
    expect(isOurRuleId(0)).toBe(false);
  });

  it('builds nothing when no tab holds a session', () => {
    expect(buildRules([])).toEqual([]);
  });

  it('lets a web app initiate API requests in any tab, but never navigations', () => {
    const rules = buildRules(
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
    expect(rules[0]!.condition.urlFilter).toBe('|https://api.example.com/');
    expect(rules[1]!.condition).toMatchObject({
      urlFilter: '|wss://api.example.com/',
      resourceTypes: ['websocket'],
    });
  });
});
