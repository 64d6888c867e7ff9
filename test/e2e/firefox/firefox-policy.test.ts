import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wordsOf } from '../catalogues.ts';
import { DEMO_BROKERS } from '../demo-brokers.ts';
import { totpCode } from '../flows.ts';
import { callWorker, workerValue } from '../worker-calls.ts';
import { launchFirefox, type FirefoxHarness } from './firefox-harness.ts';

/**
 * An administrator rolls the add-on out to Firefox with a policies.json (the README's example):
 * one preconfigured Volven profile, "Stay signed in" forbidden, the clipboard delay fixed. Firefox
 * reads the file at start-up, so it is in place before launch. This Firefox speaks German (a desk
 * in Frankfurt): the add-on's pages show the German catalogue.
 */
const MANAGED_NAME = 'Desk Volven';
const de = wordsOf('de');

describe('Firefox with the administrator policy', () => {
  let firefox: FirefoxHarness;

  beforeAll(async () => {
    firefox = await launchFirefox({
      hosts: [],
      locale: 'de',
      policy: (sandbox) => ({
        profiles: [
          {
            name: MANAGED_NAME,
            broker: 'volven',
            apiBaseUrl: sandbox.loopbackUrls.volven,
            staySignedIn: true,
            refreshMarginSec: 60,
          },
        ],
        forbidStaySignedIn: true,
        clipboardClearSec: 9,
      }),
    });
  });
  afterAll(() => firefox?.close());

  it('shows the managed profile as managed, and keeps it and the locked settings out of reach', async () => {
    const options = await firefox.openPage('options');
    const listed = await workerValue(options, 'listProfiles');
    expect(listed).toEqual([
      expect.objectContaining({ name: MANAGED_NAME, managed: true, staySignedIn: false }),
    ]);

    const [managed] = listed;
    const edit = await callWorker(options, 'saveProfile', { ...managed!, name: 'Renamed' });
    expect(edit).toMatchObject({ ok: false, error: { code: 'managed' } });
    expect(await callWorker(options, 'removeProfile', { profileId: managed!.id })).toMatchObject({
      ok: false,
      error: { code: 'managed' },
    });

    expect(await workerValue(options, 'getSettings')).toEqual({ clipboardClearSec: 9 });
    expect(await workerValue(options, 'saveSettings', { clipboardClearSec: 60 })).toEqual({
      invalid: { clipboardClearSec: { key: 'validationClipboardForced', subs: ['9'] } },
    });
    const own = await workerValue(options, 'saveProfile', {
      name: 'My own',
      broker: 'traderevolution',
      apiBaseUrl: firefox.sandbox.loopbackUrls.traderevolution,
      webAppOrigins: [],
      staySignedIn: true,
      refreshMarginSec: 300,
    });
    expect(own).toEqual({ invalid: { staySignedIn: { key: 'validationStaySignedInForbidden' } } });
    await options.close();

    // The page: the user's own profile can be edited and removed, the managed one cannot.
    const ownSaved = await callWorker(await firefox.openPage('options'), 'saveProfile', {
      name: 'My own',
      broker: 'traderevolution',
      apiBaseUrl: firefox.sandbox.loopbackUrls.traderevolution,
      webAppOrigins: [],
      staySignedIn: false,
      refreshMarginSec: 300,
    });
    expect(ownSaved.ok).toBe(true);
    const page = await firefox.openPage('options');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.waitForSelector('button[aria-label="My own bearbeiten"]');
    await page.waitForSelector('::-p-text(Von Ihrer Organisation verwaltet)');
    expect(await page.$(`button[aria-label="${de('optionsRemoveLabel', 'My own')}"]`)).not.toBeNull();
    expect(await page.$(`button[aria-label="${de('optionsEditLabel', MANAGED_NAME)}"]`)).toBeNull();
    expect(await page.$(`button[aria-label="${de('optionsRemoveLabel', MANAGED_NAME)}"]`)).toBeNull();
    await page.close();
  });

  it('signs in to the managed profile from the popup and attaches its token in the API tab', async () => {
    const demo = DEMO_BROKERS.volven;
    const popup = await firefox.openPage('popup');
    const card = `section[aria-label="${MANAGED_NAME}"]`;
    await popup.waitForSelector(`${card}[data-state="signed-out"]`);
    await popup.locator(`${card} input[autocomplete="username"]`).fill(demo.username);
    await popup.locator(`${card} input[autocomplete="current-password"]`).fill(demo.password);
    await popup.locator(`${card} button[type="submit"]`).click();
    await popup.waitForSelector(`${card}[data-state="code-required"]`);
    await popup
      .locator(`${card} input[autocomplete="one-time-code"]`)
      .fill(totpCode(firefox.sandbox.totpSecret));
    await popup.locator(`${card} button[type="submit"]`).click();
    await popup.waitForSelector(`${card}[data-state="active"]`, { timeout: 15_000 });
    // The time left in Firefox's Intl, inside the German words. Polled: in the first second of an
    // hour-long token the popup may still say "1 Std., 0 Min." (the token's end is in whole seconds).
    await expect
      .poll(() => popup.$eval(`${card} [role="status"]`, (status) => status.textContent))
      .toBe('Aktiv · noch 59 Min.');

    const apiOrigin = firefox.sandbox.loopbackUrls.volven;
    const opened = firefox.browser.waitForTarget((target) => target.url().startsWith(apiOrigin));
    await popup.locator(`${card} ::-p-text(${de('popupOpenApi')})`).click();
    const tab = (await (await opened).page())!;
    const status = await tab.evaluate(async (url) => (await fetch(url)).status, `${apiOrigin}/whoami`);
    expect(status).toBe(200);
    const token = firefox.sandbox.issuedTokens({ broker: 'volven', kind: 'access' }).at(-1)!.token;
    expect(
      firefox.sandbox.requests({ broker: 'volven', path: '/whoami' }).at(-1)?.headers.authorization,
    ).toBe(`Bearer ${token}`);
  });
});
