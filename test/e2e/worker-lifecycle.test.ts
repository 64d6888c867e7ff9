/**
 * The worker can be stopped at any moment (Chrome stops it after 30 s idle; here CDP stops it
 * on purpose): right after sign-in, while a code is pending, just before a refresh is due, and
 * in the middle of a refresh request. No session is lost and the next refresh still happens.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, lastHeaders, openApiTab, signInDemo, whoamiUrl } from './demo-brokers.ts';
import { addProfile, enterCode, profileCard, signIn, signOutAll, totpCode, waitForState } from './flows.ts';
import { launchHarness, type Harness } from './harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await launchHarness({ sandbox: { config: { accessTokenLifetimeSec: 10 } } });
});
afterAll(async () => {
  await harness?.close();
});
afterEach(async () => {
  await signOutAll(harness);
});

const refreshPath = '/auth/token/refresh';
const teRefreshes = () => harness.sandbox.requests({ broker: 'traderevolution', path: refreshPath });

describe('the worker stopped', () => {
  it('right after sign-in: the session and its API tab keep working', async () => {
    const { card, popup, token } = await signInDemo(
      harness,
      DEMO_BROKERS.volven,
      'Volven stop after sign-in',
    );
    await harness.stopWorker();
    const tab = await openApiTab(harness, card, 'volven');
    expect((await tab.goto(whoamiUrl(harness.sandbox, 'volven')))?.status()).toBe(200);
    expect(lastHeaders(harness.sandbox, 'volven', '/whoami').authorization).toMatch(/^Bearer /);
    await popup.reload();
    await waitForState(profileCard(popup, 'Volven stop after sign-in'), 'live');
    expect(token).toBeTruthy();
    await tab.close();
    await popup.close();
  });

  it('while a code is pending: the reopened popup shows the same code step, and it completes', async () => {
    const name = 'Volven stop at code step';
    await addProfile(harness, {
      name,
      brokerLabel: 'Volven / TÝR Markets',
      apiBaseUrl: harness.sandbox.urls.volven,
    });
    const popup = await harness.openPage('popup');
    await signIn(profileCard(popup, name), 'trader@volven.test', 'volven-demo');
    await waitForState(profileCard(popup, name), 'code-required');
    // The toolbar badge says a sign-in is waiting for its code.
    await expect
      .poll(async () => (await harness.worker()).evaluate(() => chrome.action.getBadgeText({})))
      .toBe('?');
    await popup.close();
    await harness.stopWorker();
    const reopened = await harness.openPage('popup');
    const card = profileCard(reopened, name);
    await waitForState(card, 'code-required');
    await enterCode(card, totpCode(harness.sandbox.totpSecret));
    await waitForState(card, 'live');
    await reopened.close();
  });

  it('just before a refresh is due: the alarm wakes it and the refresh happens', async () => {
    const { card, popup } = await signInDemo(harness, DEMO_BROKERS.traderevolution, 'TE stop before refresh');
    const tab = await openApiTab(harness, card, 'traderevolution');
    const before = teRefreshes().length;
    await popup.close();
    await harness.stopWorker();
    await expect.poll(() => teRefreshes().length, { timeout: 15_000 }).toBeGreaterThan(before);
    await expect
      .poll(async () => (await tab.goto(whoamiUrl(harness.sandbox, 'traderevolution')))?.status(), {
        timeout: 5_000,
      })
      .toBe(200);
    const latest = harness.sandbox.issuedTokens({ broker: 'traderevolution', kind: 'access' }).at(-1)!.token;
    await expect
      .poll(async () => {
        await tab.goto(whoamiUrl(harness.sandbox, 'traderevolution'));
        return lastHeaders(harness.sandbox, 'traderevolution', '/whoami').authorization;
      })
      .toBe(`Bearer ${latest}`);
    await tab.close();
  });

  it('during a refresh request: the refresh is retried and the session stays active', async () => {
    const { sandbox } = harness;
    // A refresh 4 s after sign-in: its margin is the same 2 s floor as with 10 s tokens, so the
    // hang meets the same 2 s time-out and the watchdog the same deadline.
    sandbox.configure({ hangMs: 30_000, accessTokenLifetimeSec: 6 });
    sandbox.injectFaults('traderevolution', { kind: 'hang', count: 1, path: refreshPath });
    // Counted before sign-in (which does not refresh), so an early refresh is never missed.
    const before = teRefreshes().length;
    const name = 'TE stop during refresh';
    const { card, popup } = await signInDemo(harness, DEMO_BROKERS.traderevolution, name);
    const tab = await openApiTab(harness, card, 'traderevolution');
    // The first refresh hangs at the sandbox; stop the worker while it does.
    await expect.poll(() => teRefreshes().length, { timeout: 15_000 }).toBe(before + 1);
    await harness.stopWorker();
    await expect.poll(() => teRefreshes().length, { timeout: 15_000 }).toBeGreaterThan(before + 1);
    await popup.reload();
    await waitForState(profileCard(popup, name), 'live');
    const response = await tab.goto(whoamiUrl(sandbox, 'traderevolution'));
    expect(response?.status()).toBe(200);
    // The hung request never reached the broker's logic, so its retry rightly reuses the token;
    // every other refresh token (each one rotated away by an answered refresh) is sent once.
    const answered = teRefreshes()
      .slice(before + 1)
      .map((request) => request.headers.token);
    expect(new Set(answered).size, 'a rotated refresh token was sent twice').toBe(answered.length);
  });
});
