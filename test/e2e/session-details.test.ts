/**
 * A session's "Details" in the popup, in real Chromium against the sandbox: the sign-in time, the
 * requests that carried the token (counted by the worker from the API tab's traffic), the JWT's
 * claims with `exp` as a local time, a refusal and the renewal it set off, and for ETNA the time
 * the session ends. The token and its signature never reach the popup's page; the details stay
 * open while the worker's notices re-render the popup, fit its width, and pass an axe scan.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { DEMO_BROKERS, openApiTab, signInDemo, whoamiUrl } from './demo-brokers.ts';
import { waitForState } from './flows.ts';
import { launchHarness, type Harness } from './harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await launchHarness();
});
afterAll(async () => {
  const tokens = harness.sandbox.issuedTokens().map((issued) => issued.token);
  for (const line of harness.consoleLines) for (const token of tokens) expect(line).not.toContain(token);
  await harness?.close();
});

const POPUP_WIDTH = 360;

/** Opens the card's "Details" with the keyboard, as a person would, and returns the disclosure. */
async function openDetails(popup: Page, card: Locator): Promise<Locator> {
  const details = card.locator('details');
  await card.getByText('Details', { exact: true }).focus();
  await popup.keyboard.press('Enter');
  await expect.poll(() => details.evaluate((element: HTMLDetailsElement) => element.open)).toBe(true);
  return details;
}

/** The definition of `term` (the <dd> next to the <dt> that says exactly that). */
const fact = (details: Locator, term: string): Locator =>
  details
    .locator('dl > div')
    .filter({ has: details.page().locator('dt').getByText(term, { exact: true }) })
    .locator('dd');

const termsOf = (details: Locator) => details.locator('dl.facts:not(.claims) dt').allTextContents();

/** The epoch ms a <time> in `cell` stands for, or NaN when there is none. */
const timeIn = async (cell: Locator): Promise<number> =>
  (await cell.locator('time').count()) === 1
    ? Date.parse((await cell.locator('time').getAttribute('datetime')) ?? '')
    : Number.NaN;

const count = async (cell: Locator) => Number(((await cell.textContent()) ?? '').replace(/\D/g, ''));

/** Fires `n` requests to /whoami from the API tab and returns their statuses. */
const whoami = (tab: Page, n: number) =>
  tab.evaluate(
    (n) => Promise.all(Array.from({ length: n }, () => fetch('whoami').then((response) => response.status))),
    n,
  );

/** Everything the popup's page holds as text or markup. */
const pageText = (popup: Page) =>
  popup.evaluate(() => `${document.body.innerText}\n${document.documentElement.outerHTML}`);

const expectNoSecret = async (popup: Page, token: string) => {
  const text = await pageText(popup);
  expect(text).not.toContain(token);
  const signature = token.split('.')[2];
  if (signature) expect(text).not.toContain(signature);
};

const noHorizontalOverflow = (popup: Page) =>
  popup.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('the details of a Volven session (its token is a JWT)', () => {
  it('show the sign-in, the requests, the claims, and then a refusal with the renewal it caused', async () => {
    const demo = DEMO_BROKERS.volven;
    const { sandbox } = harness;
    const before = Date.now();
    const { popup, card, token } = await signInDemo(harness, demo);
    await popup.setViewportSize({ width: POPUP_WIDTH, height: 700 });
    const tab = await openApiTab(harness, card, demo.broker);
    expect(await whoami(tab, 5)).toEqual([200, 200, 200, 200, 200]);

    await popup.bringToFront();
    const details = await openDetails(popup, card);
    const signedInAt = await timeIn(fact(details, 'Signed in'));
    expect(signedInAt).toBeGreaterThanOrEqual(before - 1000);
    expect(signedInAt).toBeLessThanOrEqual(Date.now());
    expect(await fact(details, 'Last renewal').textContent()).toBe('None yet');
    expect(await termsOf(details)).toEqual([
      'Signed in',
      'Last renewal',
      'Next renewal',
      'Requests in the last hour',
      'Last refusal',
    ]);
    expect(await timeIn(fact(details, 'Next renewal'))).toBeGreaterThan(Date.now());
    // The worker writes its counts at most once a second and then tells the popup.
    await expect.poll(() => count(fact(details, 'Requests in the last hour'))).toBeGreaterThanOrEqual(5);
    expect(await fact(details, 'Last refusal').textContent()).toBe('None');

    // The claims the sandbox issues: `sub` is the username, `exp` a local time with its number.
    const claims = claimsOf(token);
    const exp = claims.exp as number;
    expect(await fact(details, 'sub').textContent()).toBe(demo.username);
    const expCell = fact(details, 'exp');
    expect(await timeIn(expCell)).toBe(exp * 1000);
    const localExp = await popup.evaluate(
      (ms) =>
        new Intl.DateTimeFormat(chrome.i18n.getUILanguage(), {
          dateStyle: 'short',
          timeStyle: 'medium',
        }).format(ms),
      exp * 1000,
    );
    expect(await expCell.locator('time').textContent()).toBe(localExp);
    expect(await expCell.textContent()).toContain(String(exp));
    expect(await fact(details, 'alg').textContent()).toBe('HS256');
    await expectNoSecret(popup, token);
    expect(await noHorizontalOverflow(popup)).toBe(true);

    // The broker forgets the token (a server restart): the next request is refused, and the
    // worker renews once, by itself.
    const issued = () => sandbox.issuedTokens({ broker: demo.broker, kind: 'access' });
    const known = new Set(issued().map((issuedToken) => issuedToken.token));
    expect(sandbox.forgetAccessToken(demo.broker, token)).toBe(1);
    const refusedFrom = Date.now();
    expect(await whoami(tab, 1)).toEqual([401]);
    await expect.poll(() => fact(details, 'Last refusal').textContent()).toContain('401');
    expect(await fact(details, 'Last refusal').textContent()).toContain('/whoami');
    await expect.poll(() => timeIn(fact(details, 'Last renewal'))).toBeGreaterThanOrEqual(refusedFrom - 1000);
    /** The token the renewal issued. */
    const newest = () => issued().find((issuedToken) => !known.has(issuedToken.token))?.token;
    await expect.poll(newest).toBeDefined();
    await waitForState(card, 'active');
    const renewed = { token: newest()! };
    // The claims follow the token in force.
    await expect.poll(() => fact(details, 'jti').textContent()).toBe(claimsOf(renewed.token).jti);
    await expect.poll(async () => (await tab.reload())?.status(), { timeout: 10_000 }).toBe(200);

    // Open all along, through every notice that re-rendered it.
    expect(await details.evaluate((element: HTMLDetailsElement) => element.open)).toBe(true);
    await expectNoSecret(popup, token);
    await expectNoSecret(popup, renewed.token);
    expect(await noHorizontalOverflow(popup)).toBe(true);
    expect(await seriousViolations(popup)).toEqual([]);
    await tab.close();
    await popup.close();
  });
});

describe('the details of an ETNA session (no renewal, an opaque token)', () => {
  it('say when it ends instead of a next renewal, and list no claims', async () => {
    const demo = DEMO_BROKERS.etna;
    const { popup, card, token } = await signInDemo(harness, demo);
    await popup.setViewportSize({ width: POPUP_WIDTH, height: 700 });
    const tab = await openApiTab(harness, card, demo.broker);
    expect((await tab.goto(whoamiUrl(harness.sandbox, demo.broker)))?.status()).toBe(200);
    await popup.bringToFront();
    const details = await openDetails(popup, card);
    expect(await termsOf(details)).toEqual([
      'Signed in',
      'Last renewal',
      'Ends',
      'Requests in the last hour',
      'Last refusal',
    ]);
    expect(await timeIn(fact(details, 'Ends'))).toBeGreaterThan(Date.now());
    expect(await fact(details, 'Last renewal').textContent()).toBe('None yet');
    await expect.poll(() => count(fact(details, 'Requests in the last hour'))).toBeGreaterThanOrEqual(1);
    expect(await details.getByRole('heading', { name: 'Token claims' }).count()).toBe(0);
    await expectNoSecret(popup, token);

    // Both sessions' details open at once (Volven's from the test before): tidy and accessible.
    const volven = await openDetails(
      popup,
      popup.getByLabel(`${DEMO_BROKERS.volven.label} demo`, { exact: true }),
    );
    expect(await volven.getByRole('heading', { name: 'Token claims' }).count()).toBe(1);
    // A claim without any break point (the sandbox issues none) wraps rather than widening the popup.
    await fact(volven, 'jti').evaluate((cell) => (cell.textContent = 'x'.repeat(300)));
    expect(await noHorizontalOverflow(popup)).toBe(true);
    expect(await seriousViolations(popup)).toEqual([]);
    await tab.close();
    await popup.close();
  });
});
