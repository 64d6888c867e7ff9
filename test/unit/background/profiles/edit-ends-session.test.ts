/**
 * Editing where a signed-in profile's token goes (API base URL, broker, app key) ends its session
 * before the new settings take effect: no rule and no renewal ever carries the token to the new
 * host. A name-only edit keeps the session.
 */
import { describe, expect, it, vi } from 'vitest';
import { saveProfile } from '../../../../src/background/profiles/edit.ts';
import { signIn } from '../../../../src/background/sessions/sign-in.ts';
import { notifications, sessionRules } from '../support/worker-browser.ts';
import { addProfile, attachedTokens, DEMO, storedSession, useSandbox } from '../support/worker-fixtures.ts';

vi.mock('../../../../src/shared/browser.ts', () => import('../support/worker-browser.ts'));

const sandbox = useSandbox();

async function activeTraderEvolution() {
  const profile = await addProfile(sandbox(), 'traderevolution');
  await signIn(profile.id, DEMO.traderevolution.username, DEMO.traderevolution.password);
  expect(attachedTokens()).toHaveLength(2);
  return profile;
}

const ruleUrls = () => [...sessionRules.rules.values()].map((rule) => rule.condition.urlFilter);

describe('editing a signed-in profile', () => {
  it('to another API base URL ends the session first: no rule for either host, the user told why', async () => {
    const profile = await activeTraderEvolution();
    const { id, ...draft } = profile;
    const moved = await saveProfile({ ...draft, id, apiBaseUrl: 'https://other.example/proftrading/rest' });
    expect(moved).toMatchObject({ ok: true });
    expect(await storedSession(profile.id)).toMatchObject({
      state: 'expired',
      error: { code: 'profile-changed' },
    });
    expect(JSON.stringify(await storedSession(profile.id))).not.toContain('accessToken');
    expect(attachedTokens()).toEqual([]);
    expect(ruleUrls().some((url) => url?.includes('other.example'))).toBe(false);
    expect(notifications.at(-1)?.message).toMatch(/session was ended/);
  });

  it('with another app key (ETNA) ends it too', async () => {
    const profile = await addProfile(sandbox(), 'etna');
    await signIn(profile.id, DEMO.etna.username, DEMO.etna.password);
    expect((await storedSession(profile.id))?.state).toBe('code-required');
    const { id, ...draft } = profile;
    await saveProfile({ ...draft, id, appKey: 'another-company-key' });
    expect((await storedSession(profile.id))?.state).toBe('expired');
    expect(JSON.stringify(await storedSession(profile.id))).not.toContain(DEMO.etna.password);
  });

  it('by name only keeps the session and its rules', async () => {
    const profile = await activeTraderEvolution();
    const before = attachedTokens();
    const { id, ...draft } = profile;
    await saveProfile({ ...draft, id, name: 'Renamed desk' });
    expect((await storedSession(profile.id))?.state).toBe('active');
    expect(attachedTokens()).toEqual(before);
  });
});
