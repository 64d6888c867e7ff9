/**
 * Closing a tab: an API tab's rules go with it; any other tab (nearly every tab the user closes)
 * leaves the rules, the badge and the open pages alone.
 */
import { describe, expect, it, vi } from 'vitest';
import { forgetClosedTab } from '../../../../src/background/api-tabs/closed.ts';
import { readApiTabs, rememberApiTab } from '../../../../src/background/api-tabs/store.ts';
import { propagateChange } from '../../../../src/background/propagate.ts';
import { signIn } from '../../../../src/background/sessions/sign-in.ts';
import { badge, browser, sessionRules } from '../support/worker-browser.ts';
import { addProfile, DEMO, useSandbox } from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const sandbox = useSandbox();
const API_TAB = 7;

/** A signed-in profile with one API tab, its rules in force. */
async function withApiTab() {
  const profile = await addProfile(sandbox(), 'traderevolution');
  await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
  await rememberApiTab(API_TAB, profile.id);
  await propagateChange();
  return profile;
}

const apiTabRules = () =>
  [...sessionRules.rules.values()].filter((rule) => rule.condition.tabIds?.includes(API_TAB));

describe('closing a tab', () => {
  it('that is no API tab changes no rule and tells no page', async () => {
    await withApiTab();
    const rulesBefore = structuredClone([...sessionRules.rules.entries()]);
    const updates = vi.spyOn(sessionRules, 'updateSessionRules');
    const broadcasts = vi.spyOn(browser.runtime, 'sendMessage');
    const writes = vi.spyOn(browser.storage.session, 'set');
    // A propagation would set the badge again: a mark it leaves in place shows none ran.
    badge.text = 'untouched';

    await forgetClosedTab(99);

    expect([...sessionRules.rules.entries()]).toEqual(rulesBefore);
    expect(updates).not.toHaveBeenCalled();
    expect(broadcasts).not.toHaveBeenCalled();
    // Not even the list of API tabs is written again: open pages see no storage change.
    expect(writes).not.toHaveBeenCalled();
    expect(badge.text).toBe('untouched');
    expect(Object.keys(await readApiTabs())).toEqual([String(API_TAB)]);
  });

  it('that is an API tab takes its rules away', async () => {
    await withApiTab();
    expect(apiTabRules()).not.toEqual([]);

    await forgetClosedTab(API_TAB);

    expect(apiTabRules()).toEqual([]);
    expect(await readApiTabs()).toEqual({});
  });
});
