/**
 * A token that cannot travel as a request header never becomes a session, and never costs another
 * profile its header: the sandbox issues a CR/LF or a 20 kB token at sign-in, the popup shows the
 * error state, and a profile that was already active keeps its API tab authorised (and still loses
 * its token when it signs out: no refused rule update leaves an old token in force).
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxBroker } from '../../../sandbox/index.ts';
import type { TokenCorruption } from '../../../sandbox/corrupt-token.ts';
import { lastHeaders, openApiTab, whoamiUrl } from '../demo-brokers.ts';
import { addProfile, profileCard, signIn, type ProfileInput } from '../flows.ts';
import { launchHarness, type Harness } from '../harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await launchHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** Waits on the card's state attribute, not on its words. */
async function waitForState(card: Locator, state: string): Promise<void> {
  await expect.poll(() => card.getAttribute('data-state'), { timeout: 15_000 }).toBe(state);
}

/** Users who get their token in one step. */
const ACCOUNTS: Record<
  'etna' | 'traderevolution',
  { label: ProfileInput['brokerLabel']; user: string; password: string }
> = {
  etna: { label: 'ETNA Trader', user: 'etna-plain', password: 'etna-demo' },
  traderevolution: { label: 'TraderEvolution', user: 'te-trader', password: 'te-demo' },
};

/** A Volven profile signed in (no MFA user), with its API tab open. */
async function activeVolven(name: string): Promise<{ popup: Page; card: Locator; tab: Page; token: string }> {
  const { sandbox } = harness;
  await addProfile(harness, { name, brokerLabel: 'Volven / TÝR Markets', apiBaseUrl: sandbox.urls.volven });
  const popup = await harness.openPage('popup');
  const card = profileCard(popup, name);
  await waitForState(card, 'signed-out');
  await signIn(card, 'nomfa@volven.test', 'volven-demo');
  await waitForState(card, 'active');
  const tab = await openApiTab(harness, card, 'volven');
  const token = sandbox.issuedTokens({ broker: 'volven', kind: 'access' }).at(-1)!.token;
  return { popup, card, tab, token };
}

const CASES: [Exclude<SandboxBroker, 'volven'>, TokenCorruption][] = [
  ['etna', 'crlf'],
  ['traderevolution', 'crlf'],
  ['etna', 'huge'],
  ['traderevolution', 'huge'],
];

describe('a token that cannot be a header value', () => {
  it.each(CASES)('from %s, %s: an error, and the other profile keeps working', async (broker, how) => {
    const { sandbox } = harness;
    const good = await activeVolven(`Volven desk ${broker} ${how}`);

    const name = `Bad ${broker} ${how}`;
    const account = ACCOUNTS[broker];
    await addProfile(harness, {
      name,
      brokerLabel: account.label,
      apiBaseUrl: sandbox.urls[broker],
      appKey: broker === 'etna' ? sandbox.etnaAppKey : undefined,
    });
    await good.popup.reload();
    const card = profileCard(good.popup, name);
    await waitForState(card, 'signed-out');
    sandbox.corruptNextToken(broker, how);
    await signIn(card, account.user, account.password);
    await waitForState(card, 'error');
    expect(await card.getByRole('alert').textContent()).toContain('cannot be used in a request header');

    // The bad token reached no header rule; the good profile's API tab is still authorised.
    const worker = await harness.worker();
    const values = await worker.evaluate(async () =>
      (await chrome.declarativeNetRequest.getSessionRules()).flatMap(
        (rule) => rule.action.requestHeaders?.map((header) => header.value ?? '') ?? [],
      ),
    );
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(value).toBe(`Bearer ${good.token}`);
    expect((await good.tab.goto(whoamiUrl(sandbox, 'volven')))?.status()).toBe(200);
    expect(lastHeaders(sandbox, 'volven', '/whoami').authorization).toBe(`Bearer ${good.token}`);

    // …and its sign-out still takes the token away from its tab.
    await good.popup.bringToFront();
    await good.card.getByRole('button', { name: 'Sign out' }).click();
    await waitForState(good.card, 'signed-out');
    await expect
      .poll(async () => {
        await good.tab.goto(whoamiUrl(sandbox, 'volven'));
        return lastHeaders(sandbox, 'volven', '/whoami').authorization;
      })
      .toBeUndefined();
    await good.tab.close();
    await good.popup.close();
  });
});
