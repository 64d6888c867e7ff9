import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/index.ts';
import { GECKO_ID } from '../../../scripts/firefox-manifest.ts';
import { installFirefoxPolicy } from './firefox-policy.ts';
import { callWorker } from '../worker-calls.ts';

/** The Firefox test build (`npm run build:firefox-test`). */
const EXTENSION_DIR = resolve(import.meta.dirname, '../../../dist-firefox-test');
/** Pinned so the test knows the extension pages' origin before installing. */
const ADDON_UUID = '6f1c2a3e-0b4d-4e5f-8a9b-1c2d3e4f5a6b';

export function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (!existsSync(path))
    throw new Error(`Firefox not found at ${path}: install Debian's \`firefox-esr\` or set FIREFOX_PATH.`);
  return path;
}

export interface FirefoxHarness {
  browser: Browser;
  sandbox: Sandbox;
  /** The browser's profile folder; gone after close() unless the launch asked to keep it. */
  profileDir: string;
  /** The extension's popup or options page, opened in a tab. */
  openPage(page: 'popup' | 'options'): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's Firefox ESR, headless, driven over WebDriver BiDi with the extension installed as a
 * temporary add-on. `*.test` names resolve to loopback through `network.dns.localDomains`.
 */
export async function launchFirefox(options: {
  sandbox?: SandboxOptions;
  hosts: string[];
  /** An administrator's policy for the add-on (its storage.managed), in place before launch. */
  policy?: (sandbox: Sandbox) => object;
  /** Leaves the profile folder in place after close() (for a scan); the caller removes it. */
  keepProfileDir?: boolean;
  /** More environment for Firefox (and the programs it starts: a native host reads HOME). */
  env?: Record<string, string>;
  /** Firefox's UI language (`de`), before the add-on is installed; English by default. */
  locale?: string;
}): Promise<FirefoxHarness> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
    throw new Error(`${EXTENSION_DIR} is missing: run \`npm run build:firefox-test\` first.`);
  const sandbox = await startSandbox(options.sandbox);
  let removePolicy = () => {};
  try {
    if (options.policy) removePolicy = installFirefoxPolicy(options.policy(sandbox));
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const profileDir = mkdtempSync(join(tmpdir(), 'broker-sessions-firefox-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath(),
      headless: true,
      userDataDir: profileDir,
      // Extension pages are only reachable over BiDi with system access.
      args: ['--remote-allow-system-access'],
      ...(options.env && { env: { ...process.env, ...options.env } }),
      extraPrefsFirefox: {
        // An optional permission's request is granted without the doorhanger no test could answer
        // (the token bridge's nativeMessaging): the request itself still runs, from a click.
        'extensions.webextOptionalPermissionPrompts': false,
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: ADDON_UUID }),
        'network.dns.localDomains': options.hosts.join(','),
      },
    });
    if (options.locale) await requestAppLocale(browser, options.locale);
    await browser.installExtension(EXTENSION_DIR);
  } catch (error) {
    removePolicy();
    await sandbox.close();
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }

  let closing: Promise<void> | undefined;

  return {
    browser,
    sandbox,
    profileDir,
    async openPage(name) {
      const page = await browser.newPage();
      // page.goto() never settles on moz-extension:// URLs over BiDi; the context's own
      // navigate does.
      const context = (page.mainFrame() as unknown as { browsingContext: BidiContext }).browsingContext;
      await context.navigate(`moz-extension://${ADDON_UUID}/src/${name}/index.html`, 'complete');
      // The add-on's background may still be starting: wait until it answers.
      for (let attempt = 0; ; attempt += 1) {
        const reply = await callWorker(page, 'listProfiles').catch(() => undefined);
        if (reply?.ok) break;
        if (attempt > 50) throw new Error('The Firefox background never answered.');
        await new Promise((done) => setTimeout(done, 100));
      }
      return page;
    },
    // Once, however often it is called: a test may close the browser before afterAll does.
    close() {
      closing ??= (async () => {
        await browser.close().catch(() => undefined);
        removePolicy();
        await sandbox.close();
        if (!options.keepProfileDir) rmSync(profileDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

interface BidiContext {
  navigate(url: string, wait: 'complete'): Promise<unknown>;
  userContext: { browser: { session: BidiSession } };
}

interface BidiSession {
  send(
    method: string,
    params: object,
  ): Promise<{
    result: { contexts?: { context: string }[]; type?: string; exceptionDetails?: { text: string } };
  }>;
}

/**
 * Makes `locale` Firefox's app language, which is the language an add-on's catalogue follows.
 * Debian's firefox-esr ships only en-US, and the pref `intl.locale.requested` picks among the
 * languages installed (measured: with 'de' the add-on stayed English), so the language is
 * declared available and requested in the browser's own (chrome) scope, which WebDriver BiDi
 * reaches with --remote-allow-system-access. Firefox's own UI, which has no such strings, stays
 * English; the add-on, installed after, shows its catalogue.
 */
async function requestAppLocale(browser: Browser, locale: string): Promise<void> {
  const [page] = await browser.pages();
  const { session } = (page!.mainFrame() as unknown as { browsingContext: BidiContext }).browsingContext
    .userContext.browser;
  const tree = await session.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const chromeWindow = tree.result.contexts?.[0]?.context;
  if (!chromeWindow) throw new Error('Firefox showed no chrome window to set its language in.');
  const tag = JSON.stringify(locale);
  const { result } = await session.send('script.evaluate', {
    expression: `Services.locale.availableLocales = [...Services.locale.availableLocales, ${tag}];
      Services.locale.requestedLocales = [${tag}];`,
    target: { context: chromeWindow },
    awaitPromise: false,
  });
  if (result.type === 'exception')
    throw new Error(`Firefox kept its language: ${result.exceptionDetails?.text}`);
}
