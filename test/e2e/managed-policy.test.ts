import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, openApiTab, whoamiUrl } from './demo-brokers.ts';
import { enterCode, profileCard, signIn, totpCode, waitForState } from './flows.ts';
import { launchHarness, type Harness } from './harness.ts';
import { callWorker, workerValue } from './worker-calls.ts';

/**
 * An administrator rolls the extension out with a Chrome machine policy (the same JSON an IT
 * department puts in /etc/opt/chrome/policies/managed): one preconfigured Volven profile,
 * "Stay signed in" forbidden, the clipboard delay fixed.
 */
const MANAGED_NAME = 'Desk Volven';

describe('a browser with the administrator policy', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await launchHarness({
      policy: (sandbox) => ({
        profiles: [
          {
            name: MANAGED_NAME,
            broker: 'volven',
            apiBaseUrl: sandbox.urls.volven,
            staySignedIn: true,
            refreshMarginSec: 60,
          },
        ],
        forbidStaySignedIn: true,
        forbidTokenBridge: true,
        clipboardClearSec: 7,
      }),
    });
  });
  afterAll(() => harness?.close());

  it('offers the managed profile in the popup, signs in to it, and attaches its token', async () => {
    const demo = DEMO_BROKERS.volven;
    const popup = await harness.openPage('popup');
    const card = profileCard(popup, MANAGED_NAME);
    await waitForState(card, 'signed-out');
    await signIn(card, demo.username, demo.password);
    await waitForState(card, 'code-required');
    await enterCode(card, totpCode(harness.sandbox.totpSecret));
    await waitForState(card, 'live');
    // The profile asked to stay signed in, the policy forbids it: nothing goes to disk.
    expect(await card.getByText('refresh token is kept on this computer', { exact: false }).count()).toBe(0);

    const tab = await openApiTab(harness, card, 'volven');
    const seen = await tab.evaluate(
      async (url) => (await fetch(url)).status,
      whoamiUrl(harness.sandbox, 'volven'),
    );
    expect(seen).toBe(200);
    const token = harness.sandbox.issuedTokens({ broker: 'volven', kind: 'access' }).at(-1)!.token;
    const headers = harness.sandbox.requests({ broker: 'volven', path: '/whoami' }).at(-1)!.headers;
    expect(headers.authorization).toBe(`Bearer ${token}`);
    await tab.close();
    await popup.close();
  });

  it('keeps the managed profile out of the user’s reach, even asked directly', async () => {
    const page = await harness.openPage('options');
    const [managed] = await workerValue(page, 'listProfiles');
    expect(managed).toMatchObject({ name: MANAGED_NAME, managed: true, staySignedIn: false });

    const edit = await callWorker(page, 'saveProfile', { ...managed!, name: 'Renamed' });
    expect(edit).toMatchObject({ ok: false, error: { code: 'managed' } });
    const removal = await callWorker(page, 'removeProfile', { profileId: managed!.id });
    expect(removal).toMatchObject({ ok: false, error: { code: 'managed' } });
    const names = (await workerValue(page, 'listProfiles')).map((p) => p.name);
    expect(names).toEqual([MANAGED_NAME]);

    // As the options page shows it: marked managed, with nothing to edit or remove it by.
    const item = page
      .getByRole('list', { name: 'Profiles' })
      .getByRole('listitem')
      .filter({ hasText: MANAGED_NAME });
    await item.getByText('Managed by your organization').waitFor();
    expect(
      await item
        .getByRole('button')
        .filter({ hasText: /Edit|Remove/ })
        .count(),
    ).toBe(0);
    await page.getByRole('button', { name: 'Add profile' }).click();
    expect(await page.getByLabel('Stay signed in').isDisabled()).toBe(true);
    expect(await page.getByLabel('Clear the clipboard after (seconds)').isDisabled()).toBe(true);
    await page.close();
  });

  it('applies the locked settings: the clipboard delay is fixed, "Stay signed in" refused', async () => {
    const page = await harness.openPage('options');
    expect(await workerValue(page, 'getSettings')).toEqual({ clipboardClearSec: 7 });
    // Refusals cross the message boundary as a message key, put into words by the page.
    expect(await workerValue(page, 'saveSettings', { clipboardClearSec: 60 })).toEqual({
      invalid: { clipboardClearSec: { key: 'validationClipboardForced', subs: ['7'] } },
    });
    expect(await workerValue(page, 'getPolicy')).toEqual({
      forbidStaySignedIn: true,
      hideProfileEditing: false,
      forbidTokenBridge: true,
      clipboardClearSec: 7,
    });
    // The token bridge cannot be turned on, and the options page shows it locked.
    expect(await callWorker(page, 'setTokenBridge', { enabled: true })).toMatchObject({
      ok: false,
      error: { code: 'managed' },
    });
    expect(
      await page.getByRole('checkbox', { name: 'Let local programs use my sessions' }).isDisabled(),
    ).toBe(true);
    const own = await workerValue(page, 'saveProfile', {
      name: 'Mine',
      broker: 'traderevolution',
      apiBaseUrl: harness.sandbox.urls.traderevolution,
      webAppOrigins: [],
      staySignedIn: true,
      refreshMarginSec: 300,
    });
    expect(own).toEqual({ invalid: { staySignedIn: { key: 'validationStaySignedInForbidden' } } });
    await page.close();
  });
});
