/**
 * The token bridge in Firefox: `broker-sessions install` into a temporary HOME writes the host
 * manifest where Firefox looks (~/.mozilla/native-messaging-hosts/), the options page asks for
 * the optional nativeMessaging permission from the click, and `token` prints the token the
 * sandbox issued once the consent is answered. (The consent window's buttons are tested in
 * Chromium; here the answer goes to the worker as the window's own click sends it.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIREFOX_EXTENSION_ID } from '../../../src/shared/bridge-protocol.ts';
import { assertCliBuilt, runCli } from '../bridge/cli.ts';
import { DEMO_BROKERS } from '../demo-brokers.ts';
import { callWorker } from '../worker-calls.ts';
import { launchFirefox, type FirefoxHarness } from './firefox-harness.ts';

const PROFILE = 'TraderEvolution bridge in Firefox';

describe('the token bridge in Firefox', () => {
  let firefox: FirefoxHarness;
  let env: Record<string, string>;
  const made: string[] = [];

  beforeAll(async () => {
    assertCliBuilt();
    const home = mkdtempSync(join(tmpdir(), 'bs-firefox-home-'));
    const runtimeDir = mkdtempSync(join(tmpdir(), 'bs-firefox-run-'));
    made.push(home, runtimeDir);
    env = { HOME: home, BROKER_SESSIONS_RUNTIME_DIR: runtimeDir };
    const installed = await runCli(['install', '--browser', 'firefox'], env);
    expect(installed.code, installed.stderr).toBe(0);
    const manifest = JSON.parse(
      readFileSync(join(home, '.mozilla/native-messaging-hosts/dev.brokersessions.bridge.json'), 'utf8'),
    ) as { allowed_extensions: string[]; path: string };
    expect(manifest.allowed_extensions).toEqual([FIREFOX_EXTENSION_ID]);
    firefox = await launchFirefox({ hosts: [], env });
  });
  afterAll(async () => {
    await firefox?.close();
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('install into a temporary HOME, turn the bridge on, and `token` prints the session token', async () => {
    const options = await firefox.openPage('options');
    const saved = await callWorker(options, 'saveProfile', {
      name: PROFILE,
      broker: 'traderevolution',
      apiBaseUrl: firefox.sandbox.loopbackUrls.traderevolution,
      webAppOrigins: [],
      staySignedIn: false,
      refreshMarginSec: 60,
    });
    if (!saved.ok || !('saved' in saved.value)) throw new Error('the profile was not saved');
    const profileId = saved.value.saved.id;
    const demo = DEMO_BROKERS.traderevolution;
    const signedIn = await callWorker(options, 'signIn', {
      profileId,
      username: demo.username,
      password: demo.password,
    });
    expect(signedIn).toMatchObject({ ok: true, value: { state: 'active' } });

    expect(await permitted(options)).toBe(false);
    await options.click('section[data-bridge-state] input[type="checkbox"]');
    await options.waitForSelector('section[data-bridge-state="connected"]', { timeout: 15_000 });
    expect(await permitted(options)).toBe(true);

    const run = runCli(['token', PROFILE], env);
    const consent = await waitForConsent(options);
    expect(consent.windowId).toEqual(expect.any(Number));
    expect(
      await callWorker(options, 'answerBridgeConsent', { consentId: consent.id, answer: 'hour' }),
    ).toEqual({
      ok: true,
      value: { answered: true },
    });
    const printed = await run;
    expect(printed.code, printed.stderr).toBe(0);
    const latest = firefox.sandbox.issuedTokens({ broker: 'traderevolution', kind: 'access' }).at(-1)?.token;
    expect(printed.stdout.trim()).toBe(latest);
  });
});

const permitted = (page: Page) =>
  page.evaluate(() => browser.permissions.contains({ permissions: ['nativeMessaging'] }));

/** The consent question the worker opened a window for, read from storage as the window reads it. */
async function waitForConsent(page: Page): Promise<{ id: string; windowId?: number }> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const stored = await page.evaluate(() => browser.storage.session.get('bridgeConsents'));
    const consents = (stored.bridgeConsents as { value?: { id: string; windowId?: number }[] } | undefined)
      ?.value;
    const open = consents?.find((consent) => consent.windowId !== undefined);
    if (open) return open;
    await new Promise((next) => setTimeout(next, 100));
  }
  throw new Error('no consent window was opened');
}
