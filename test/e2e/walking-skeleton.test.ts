/**
 * The first slice end to end, in real Chromium against the sandbox over real HTTP: a Volven
 * profile is added in the options page, signed in with password and TOTP in the popup, and its
 * token travels only in the API tab, and only until sign-out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchHarness, type Harness } from './harness.ts';
import { addProfile, enterCode, profileCard, signIn, totpCode, waitForState } from './flows.ts';

const PROFILE = 'Volven demo';
let harness: Harness;

beforeAll(async () => {
  harness = await launchHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** The Authorization header of the newest request the sandbox saw on this path. */
function lastAuthorization(path: string): string | undefined {
  const seen = harness.sandbox.requests({ broker: 'volven', path });
  expect(seen.length).toBeGreaterThan(0);
  return seen.at(-1)!.headers.authorization;
}

describe('walking skeleton: Volven with TOTP', () => {
  it('signs in with password and code, attaches the token only in the API tab, and stops at sign-out', async () => {
    const { sandbox } = harness;
    const whoami = `${sandbox.urls.volven}/whoami`;
    await addProfile(harness, {
      name: PROFILE,
      brokerLabel: 'Volven / TÝR Markets',
      apiBaseUrl: sandbox.urls.volven,
    });

    const popup = await harness.openPage('popup');
    const card = profileCard(popup, PROFILE);
    await waitForState(card, 'signed-out');
    await signIn(card, 'trader@volven.test', 'volven-demo');
    await waitForState(card, 'code-required');
    await enterCode(card, totpCode(sandbox.totpSecret));
    await waitForState(card, 'live');

    const issued = sandbox.issuedTokens({ broker: 'volven', username: 'trader@volven.test', kind: 'access' });
    expect(issued).toHaveLength(1);
    const token = issued[0]!.token;

    const [apiTab] = await Promise.all([
      harness.context.waitForEvent('page'),
      card.getByRole('button', { name: 'Open API' }).click(),
    ]);
    await apiTab.waitForURL(`${sandbox.urls.volven}/`);
    const response = await apiTab.goto(whoami);
    expect(response?.status()).toBe(200);
    expect(await response?.json()).toMatchObject({ username: 'trader@volven.test' });
    expect(lastAuthorization('/whoami')).toBe(`Bearer ${token}`);

    const ordinaryTab = await harness.context.newPage();
    const unauthorised = await ordinaryTab.goto(whoami);
    expect(unauthorised?.status()).toBe(401);
    expect(lastAuthorization('/whoami')).toBeUndefined();

    await card.getByRole('button', { name: 'Sign out' }).click();
    await waitForState(card, 'signed-out');
    const afterSignOut = await apiTab.goto(whoami);
    expect(afterSignOut?.status()).toBe(401);
    expect(lastAuthorization('/whoami')).toBeUndefined();
    expect(harness.workerErrors).toEqual([]);
  });
});
