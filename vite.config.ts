import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };
import { bundleBudget } from './scripts/bundle-budget.ts';

/**
 * The test build grants the sandbox's hosts in the manifest itself, so end-to-end tests never
 * meet a permission prompt. The production build only declares them as optional: a profile asks
 * for exactly its own API origin at run time.
 */
const TEST_HOST_PERMISSIONS = ['http://*.test/*', 'ws://*.test/*', 'http://127.0.0.1/*'];

export default defineConfig(({ mode }) => {
  const isTestBuild = mode === 'test';
  const extensionManifest: ManifestV3Export = isTestBuild
    ? { ...manifest, host_permissions: TEST_HOST_PERMISSIONS }
    : (manifest as ManifestV3Export);
  return {
    plugins: [preact(), crx({ manifest: extensionManifest }), bundleBudget()],
    build: {
      outDir: isTestBuild ? 'dist-test' : 'dist',
      emptyOutDir: true,
      target: 'chrome120',
      // Not named in the manifest, so CRXJS would not bundle it: the worker's clipboard page.
      rolldownOptions: { input: { offscreen: 'src/offscreen/index.html' } },
    },
  };
});
