/**
 * The token bridge end to end: the real `broker-sessions` command, the real native host that
 * Chromium starts (registered in the test profile's NativeMessagingHosts/ by `install`), the
 * consent window, the options page and the sandbox's brokers over HTTP.
 *
 * The 60-second proxy run starts early and goes on while the other tests use a second profile;
 * its own test at the end waits for it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BROKERS, signInDemo } from '../demo-brokers.ts';
import { profileCard, waitForCards, waitForState } from '../flows.ts';
import { launchHarness, type Harness } from '../harness.ts';
import { allViolations } from '../axe.ts';
import { layoutProblems } from '../layout.ts';
import { saveScreenshot } from '../screenshots.ts';
import { assertCliBuilt, jsonError, runCli, startProxy, type CliRun } from './cli.ts';

/** Token lifetime: the proxy run must see several renewals. */
const TOKEN_LIFETIME_SEC = 10;
const PROXY_RUN_MS = 60_000;

let harness: Harness;
let env: Record<string, string>;
const made: string[] = [];

beforeAll(async () => {
  assertCliBuilt();
  const runtimeDir = mkdtempSync(join(tmpdir(), 'bs-bridge-run-'));
  const home = mkdtempSync(join(tmpdir(), 'bs-bridge-home-'));
  made.push(runtimeDir, home);
  env = { BROKER_SESSIONS_RUNTIME_DIR: runtimeDir, HOME: home };
  harness = await launchHarness({
    sandbox: { config: { accessTokenLifetimeSec: TOKEN_LIFETIME_SEC } },
    env: { BROKER_SESSIONS_RUNTIME_DIR: runtimeDir },
  });
  const installed = await runCli(
    [
      'install',
      '--extension-id',
      harness.extensionId,
      '--user-data-dir',
      harness.userDataDir,
      '--browser',
      'chromium',
    ],
    env,
  );
  expect(installed.code, installed.stderr).toBe(0);
  const manifest = JSON.parse(
    readFileSync(join(harness.userDataDir, 'NativeMessagingHosts', 'dev.brokersessions.bridge.json'), 'utf8'),
  ) as { allowed_origins: string[] };
  expect(manifest.allowed_origins).toEqual([`chrome-extension://${harness.extensionId}/`]);
});

afterAll(async () => {
  await harness?.close();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const consentPages = () => harness.context.pages().filter((page) => page.url().includes('/src/consent/'));

/**
 * Runs the command while answering the consent window it opens with `answer`; `look` first
 * checks the window as it is shown.
 */
async function runAnswering(
  args: string[],
  answer: string,
  look?: (consent: Page) => Promise<void>,
): Promise<CliRun> {
  const opened = harness.context.waitForEvent('page', {
    predicate: (page) => page.url().includes('/src/consent/'),
    timeout: 30_000,
  });
  const run = runCli(args, env);
  const consent = await opened;
  await consent.locator('[data-state="asking"]').waitFor();
  await look?.(consent);
  // The answer closes the window (the worker removes it): the click may still be finishing when
  // the page goes, which Playwright reports as an error. The window closing is the click's effect;
  // what it answered, the command's result tells.
  const closed = consent.waitForEvent('close');
  await consent
    .getByRole('button', { name: answer })
    .click()
    .catch((error: unknown) => {
      if (!consent.isClosed()) throw error;
    });
  await closed;
  return run;
}

async function bridgeSection(): Promise<Page> {
  const options = await harness.openPage('options');
  await options.locator('section[data-bridge-state]').waitFor();
  return options;
}

/** The sandbox takes the token: a request with it is answered 200. */
async function sandboxAccepts(broker: 'volven' | 'traderevolution', token: string): Promise<boolean> {
  const answer = await fetch(`${harness.sandbox.loopbackUrls[broker]}/whoami`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return answer.status === 200;
}

let proxyRun: Promise<{ statuses: Map<number, number>; tokens: Set<string> }> | undefined;

describe('the token bridge (Chromium)', () => {
  it('is off by default, and the command says so', async () => {
    const run = await runCli(['token', 'anything', '--json'], env);
    expect(run.code).toBe(3);
    expect(jsonError(run).code).toBe('no-bridge');
    const options = await bridgeSection();
    expect(await options.locator('section[data-bridge-state]').getAttribute('data-bridge-state')).toBe('off');
    await options.close();
  });

  it('turns on from the options page: the host starts and listens', async () => {
    const options = await bridgeSection();
    await options.getByRole('checkbox', { name: 'Let local programs use my sessions' }).check();
    await options.locator('section[data-bridge-state="connected"]').waitFor();
    expect(await options.getByTestId('bridge-install-command').textContent()).toBe(
      `broker-sessions install --extension-id ${harness.extensionId}`,
    );
    await options.close();
  });

  it('asks first; Allow gives the token the sandbox issued, and a second call asks nothing', async () => {
    // On 127.0.0.1: the programs resolve names as the machine does, not as the browser's *.test map.
    const { popup } = await signInDemo(harness, DEMO_BROKERS.volven, 'Volven bridge', {
      apiBaseUrl: harness.sandbox.loopbackUrls.volven,
    });
    await popup.close();
    const first = await runAnswering(['token', 'Volven bridge'], 'Allow for 1 hour', async (consent) => {
      // Which profile, which program (the CLI's command line and the one that started it).
      await consent.getByText('“Volven bridge”', { exact: false }).waitFor();
      expect(await consent.getByTestId('consent-command').textContent()).toBe(
        'broker-sessions token Volven bridge',
      );
      expect(await consent.getByTestId('consent-parent').textContent()).toContain('node');
      // The size the worker opens it at (bridge/consent.ts).
      await consent.setViewportSize({ width: 460, height: 460 });
      expect(await layoutProblems(consent)).toEqual([]);
      expect(await allViolations(consent)).toEqual([]);
      await saveScreenshot(consent, 'consent');
    });
    expect(first.code, first.stderr).toBe(0);
    const token = first.stdout.trim();
    const issued = harness.sandbox
      .issuedTokens({ broker: 'volven', username: DEMO_BROKERS.volven.username, kind: 'access' })
      .map((entry) => entry.token);
    expect(issued).toContain(token);
    expect(await sandboxAccepts('volven', token)).toBe(true);

    const second = await runCli(['token', 'Volven bridge', '--json'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(consentPages()).toEqual([]);
    const answer = JSON.parse(second.stdout) as {
      token: string;
      headers: Record<string, string>;
      apiBaseUrl: string;
    };
    expect(answer.headers.Authorization).toBe(`Bearer ${answer.token}`);
    expect(answer.apiBaseUrl).toBe(harness.sandbox.loopbackUrls.volven);
  });

  it('starts a proxy that carries a script through token renewals for a minute', async () => {
    const proxy = await startProxy('Volven bridge', env);
    const statuses = new Map<number, number>();
    const tokens = new Set<string>();
    const end = Date.now() + PROXY_RUN_MS;
    proxyRun = (async () => {
      try {
        while (Date.now() < end) {
          const answer = await fetch(`${proxy.url}/whoami`);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          await answer.arrayBuffer();
          await new Promise((next) => setTimeout(next, 100));
        }
        for (const seen of harness.sandbox.requests({ broker: 'volven', path: '/whoami' }))
          if (seen.headers.authorization) tokens.add(seen.headers.authorization);
        return { statuses, tokens };
      } finally {
        proxy.child.kill();
      }
    })();
    // The run goes on in the background; its first answer must already be a 200.
    await expect.poll(() => statuses.get(200) ?? 0).toBeGreaterThan(0);
  });

  it('Deny: the command fails with the reason', async () => {
    const { popup } = await signInDemo(harness, DEMO_BROKERS.traderevolution, 'TE bridge', {
      apiBaseUrl: harness.sandbox.loopbackUrls.traderevolution,
    });
    await popup.close();
    const run = await runAnswering(['token', 'TE bridge', '--json'], 'Deny');
    expect(run.code).toBe(7);
    expect(jsonError(run).code).toBe('denied');
    expect(run.stdout + run.stderr).not.toMatch(/Bearer|eyJ/);
  });

  it('a grant for this browser session is listed in the options page; revoked, the next call asks again', async () => {
    const allowed = await runAnswering(['header', 'TE bridge'], 'Allow for this browser session');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toMatch(/^Authorization: Bearer \S+\n$/);

    const options = await bridgeSection();
    const grant = options.locator('li[data-grant-profile]').filter({ hasText: 'TE bridge' });
    await grant.waitFor();
    await grant.getByRole('button', { name: /^Revoke access of .* to TE bridge$/ }).click();
    await grant.waitFor({ state: 'detached' });
    await options.close();

    const again = await runAnswering(['token', 'TE bridge'], 'Allow for 1 hour');
    expect(again.code, again.stderr).toBe(0);
    expect(await sandboxAccepts('traderevolution', again.stdout.trim())).toBe(true);
  });

  it('exec gives a command the session in its environment', async () => {
    const run = await runCli(
      [
        'exec',
        'TE bridge',
        '--',
        process.execPath,
        '-e',
        'process.stdout.write(JSON.stringify([process.env.BROKER_API_BASE, process.env.BROKER_TOKEN, process.env.BROKER_AUTH_HEADER]))',
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const [base, token, header] = JSON.parse(run.stdout) as string[];
    expect(base).toBe(harness.sandbox.loopbackUrls.traderevolution);
    expect(header).toBe(`Bearer ${token}`);
    expect(await sandboxAccepts('traderevolution', token!)).toBe(true);
  });

  it('list shows the profiles and their states, never a token', async () => {
    const run = await runCli(['list', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const profiles = JSON.parse(run.stdout) as { name: string; state: string }[];
    expect(profiles.map((profile) => profile.name).sort()).toEqual(['TE bridge', 'Volven bridge']);
    expect(run.stdout).not.toMatch(/Bearer|eyJ|accessToken/);
  });

  it('a signed-out profile and an unknown one: clear errors', async () => {
    const popup = await harness.openPage('popup');
    await waitForCards(popup);
    const card = profileCard(popup, 'TE bridge');
    await card.getByRole('button', { name: 'Sign out' }).click();
    await waitForState(card, 'signed-out');
    await popup.close();

    const signedOut = await runCli(['token', 'TE bridge', '--json'], env);
    expect(signedOut.code).toBe(5);
    expect(jsonError(signedOut).code).toBe('signed-out');
    const unknown = await runCli(['token', 'No such profile', '--json'], env);
    expect(unknown.code).toBe(4);
    expect(jsonError(unknown).code).toBe('unknown-profile');
  });

  it('the proxy run: 0 × 401 through renewals of 10-second tokens over 60 s', async () => {
    expect(proxyRun).toBeDefined();
    const { statuses, tokens } = await proxyRun!;
    expect(statuses.get(401) ?? 0).toBe(0);
    expect([...statuses.keys()]).toEqual([200]);
    expect(statuses.get(200)).toBeGreaterThan(100);
    // 60 s of 10-second tokens: the proxy used at least five of them.
    expect(tokens.size).toBeGreaterThanOrEqual(5);
  }, 90_000);

  it('turned off: grants go, the host stops, and the command says the bridge is off', async () => {
    const options = await bridgeSection();
    await options.getByRole('checkbox', { name: 'Let local programs use my sessions' }).uncheck();
    await options.locator('section[data-bridge-state="off"]').waitFor();
    const stored = await options.evaluate(() => chrome.storage.session.get('bridgeGrants'));
    expect((stored.bridgeGrants as { value: unknown[] }).value).toEqual([]);
    await options.close();
    await expect
      .poll(async () => jsonError(await runCli(['token', 'Volven bridge', '--json'], env)).code)
      .toBe('no-bridge');
  });
});
