/**
 * What the builds hand to the browser: MV3 with a module service worker; the production build
 * asks for no broker host up front (each profile requests its own API origin at run time), the
 * test build grants only the sandbox's hosts. Runs after `npm run build` and `build:test`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../..', dir, 'manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;

describe('built manifests', () => {
  it('production: MV3, module worker, no required host permission, never <all_urls>', () => {
    const manifest = manifestOf('dist');
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background).toMatchObject({ type: 'module', service_worker: expect.any(String) });
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.permissions).toEqual([
      'storage',
      'alarms',
      'declarativeNetRequest',
      'notifications',
      'offscreen',
      'clipboardRead',
      'clipboardWrite',
    ]);
    expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
    expect(manifest).not.toHaveProperty('content_scripts');
    expect(manifest).not.toHaveProperty('externally_connectable');
    expect(manifest.icons).toEqual({
      '16': 'icons/icon-16.png',
      '32': 'icons/icon-32.png',
      '48': 'icons/icon-48.png',
      '128': 'icons/icon-128.png',
    });
  });

  it('test build: the same extension with only the sandbox hosts granted', () => {
    const production = manifestOf('dist');
    const test = manifestOf('dist-test');
    expect(test.host_permissions).toEqual(['http://*.test/*', 'ws://*.test/*', 'http://127.0.0.1/*']);
    expect({ ...test, host_permissions: undefined }).toEqual({ ...production, host_permissions: undefined });
  });
});
