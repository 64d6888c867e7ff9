import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index.ts';
import { installExtensionPolicy } from './chrome-policy.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';

/** The test build; BROKER_SESSIONS_EXTENSION_DIR points elsewhere (a benchmark's own build). */
const EXTENSION_DIR = resolve(
  process.env.BROKER_SESSIONS_EXTENSION_DIR ?? resolve(import.meta.dirname, '../../dist-test'),
);

export interface Harness {
  context: BrowserContext;
  extensionId: string;
  /** The browser's profile folder (its NativeMessagingHosts/ is where a test registers a host). */
  userDataDir: string;
  sandbox: Sandbox;
  /** Messages the worker logged at error level (a clean run has none). */
  workerErrors: string[];
  /** Everything the worker and the extension's pages logged, to check no secret is ever logged. */
  consoleLines: string[];
  worker(): Promise<Worker>;
  pageUrl(page: 'popup' | 'options'): string;
  openPage(page: 'popup' | 'options'): Promise<Page>;
  /** Stops the extension's service worker, as the browser does after 30 s idle. */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  sandbox?: SandboxOptions;
  /** A sandbox that outlives this browser (restart tests); the harness then leaves it running. */
  sharedSandbox?: Sandbox;
  /** Reuse a profile directory (browser restart tests); a fresh one otherwise. */
  userDataDir?: string;
  /**
   * An X display (Xvfb) to run a headed browser on: real key presses reach the browser's own
   * shortcuts there, which headless mode never routes to extensions.
   */
  display?: string;
  /** An administrator's policy for the extension (its storage.managed), set before launch. */
  policy?: (sandbox: Sandbox) => object;
  /** More environment for the browser (and the programs it starts, such as a native host). */
  env?: Record<string, string>;
  /**
   * The browser's UI language (`de`, `pt-BR`, `nb`); English by default. Chromium's `--lang` picks
   * the extension's catalogue, and Playwright's `locale` makes i18n.getUILanguage() and
   * navigator.language say it: each alone is not enough (measured in headless Chromium 156:
   * `locale` left the catalogue English, `--lang` left getUILanguage() at en-US).
   */
  locale?: string;
}

export async function launchHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
    throw new Error(`${EXTENSION_DIR} is missing: run \`npm run build:test\` first.`);
  const executablePath = chromiumPath();
  const sandbox = options.sharedSandbox ?? (await startSandbox(options.sandbox));
  const removePolicy = options.policy
    ? installExtensionPolicy(EXTENSION_DIR, options.policy(sandbox))
    : () => {};
  const closeSandbox = () => {
    removePolicy();
    return options.sharedSandbox ? Promise.resolve() : sandbox.close();
  };
  const ownDir = options.userDataDir ? undefined : mkdtempSync(join(tmpdir(), 'broker-sessions-e2e-'));
  const userDataDir = options.userDataDir ?? ownDir!;
  let context: BrowserContext;
  try {
    const headed = options.display !== undefined;
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: !headed,
      args: [
        ...chromiumArgs(EXTENSION_DIR).filter((arg) => !headed || arg !== '--headless=new'),
        ...(options.locale ? [`--lang=${options.locale}`] : []),
      ],
      ...(options.locale && { locale: options.locale }),
      ...((headed || options.env) && {
        env: { ...process.env, ...options.env, ...(headed && { DISPLAY: options.display }) },
      }),
    });
  } catch (error) {
    await closeSandbox();
    throw error;
  }
  const workerErrors: string[] = [];
  const consoleLines: string[] = [];
  const watch = (worker: Worker) =>
    worker.on('console', (message) => {
      consoleLines.push(message.text());
      if (message.type() === 'error') workerErrors.push(message.text());
    });
  context.on('serviceworker', watch);
  context.on('page', (page) => {
    page.on('console', (message) => consoleLines.push(message.text()));
    page.on('pageerror', (error) => consoleLines.push(String(error)));
  });
  const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  watch(first);
  const extensionId = new URL(first.url()).host;
  const pageUrl = (page: 'popup' | 'options') => `chrome-extension://${extensionId}/src/${page}/index.html`;

  return {
    context,
    extensionId,
    userDataDir,
    sandbox,
    workerErrors,
    consoleLines,
    pageUrl,
    async worker() {
      return (
        context.serviceWorkers().find((w) => w.url().includes(extensionId)) ??
        context.waitForEvent('serviceworker')
      );
    },
    async openPage(page) {
      const tab = await context.newPage();
      await tab.goto(pageUrl(page));
      return tab;
    },
    async stopWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
    },
    async close() {
      await context.close().catch(() => undefined);
      await closeSandbox();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}
