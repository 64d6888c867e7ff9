import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };
import { bundleBudget } from './scripts/bundle-budget.ts';
import { firefoxManifest } from './scripts/firefox-manifest.ts';
import { localeAliases } from './scripts/locale-aliases.ts';
import { singleFilePopup } from './scripts/single-file-popup.ts';

/**
 * The test builds grant the sandbox's hosts in the manifest itself, so end-to-end tests never
 * meet a permission prompt. The production builds only declare them as optional: a profile asks
 * for exactly its own API origin at run time.
 */
const TEST_HOST_PERMISSIONS = ['http://*.test/*', 'ws://*.test/*', 'http://127.0.0.1/*', 'ws://127.0.0.1/*'];

/** Modes: production (dist), test, firefox, firefox-test. */
const OUT_DIRS: Record<string, string> = {
  production: 'dist',
  test: 'dist-test',
  firefox: 'dist-firefox',
  'firefox-test': 'dist-firefox-test',
};

export default defineConfig(({ mode }) => {
  const isTestBuild = mode.endsWith('test');
  const isFirefox = mode.startsWith('firefox');
  const base = isFirefox ? firefoxManifest(manifest) : manifest;
  const extensionManifest = (
    isTestBuild
      ? {
          ...base,
          host_permissions: TEST_HOST_PERMISSIONS,
          // Granted at install in Chromium's test build only: headless Chromium has no one to answer
          // the prompt of permissions.request, which then resolves true at once (measured). Firefox's
          // tests ask for it as a user does (firefox-harness.ts turns the prompt off).
          permissions: [...(base.permissions as string[]), ...(isFirefox ? [] : ['nativeMessaging'])],
        }
      : base
  ) as ManifestV3Export;
  return {
    plugins: [
      preact(),
      crx({ manifest: extensionManifest, browser: isFirefox ? 'firefox' : 'chrome' }),
      singleFilePopup(),
      localeAliases(),
      bundleBudget(),
    ],
    define: {
      'import.meta.env.BROWSER': JSON.stringify(isFirefox ? 'firefox' : 'chrome'),
      // The sandbox's hosts (http://*.test) are profile URLs only in the builds that grant them.
      'import.meta.env.ALLOW_TEST_HOSTS': JSON.stringify(isTestBuild),
    },
    build: {
      outDir: OUT_DIRS[mode] ?? `dist-${mode}`,
      emptyOutDir: true,
      target: isFirefox ? 'firefox128' : 'chrome120',
      // Extension pages run in browsers that know modulepreload: the polyfill would only be one
      // more file for the popup to fetch before its first line runs.
      modulePreload: { polyfill: false },
      // Not named in the manifest, so CRXJS would not bundle it: Chrome's clipboard page for the
      // worker (Firefox's background page has the clipboard itself).
      // The consent window of the token bridge, opened by the worker (background/bridge/consent.ts).
      rolldownOptions: {
        input: {
          consent: 'src/consent/index.html',
          ...(!isFirefox && { offscreen: 'src/offscreen/index.html' }),
        },
      },
    },
  };
});
