import { describe, expect, it } from 'vitest';
import { packageProblems } from '../../scripts/package/check.ts';

const manifest = (extra: object = {}) => ({
  path: 'manifest.json',
  text: JSON.stringify({
    manifest_version: 3,
    optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'],
    ...extra,
  }),
});
const worker = { path: 'assets/index.js', text: 'export const a = 1;' };

describe('store package check', () => {
  it('passes a production build', () => {
    expect(packageProblems([manifest(), worker], { sourcemaps: false })).toEqual([]);
  });

  it('fails on host permissions granted at install (the test builds do that)', () => {
    const problems = packageProblems([manifest({ host_permissions: ['http://*.test/*'] }), worker], {
      sourcemaps: false,
    });
    expect(problems).toEqual(['host permissions granted at install: http://*.test/*']);
  });

  it('fails on nativeMessaging granted at install (the test builds do that; the bridge asks for it)', () => {
    const problems = packageProblems([manifest({ permissions: ['storage', 'nativeMessaging'] }), worker], {
      sourcemaps: false,
    });
    expect(problems).toEqual(['nativeMessaging granted at install']);
  });

  it('fails on a test-only optional host', () => {
    const problems = packageProblems(
      [manifest({ optional_host_permissions: ['https://*/*', 'ws://*.test/*'] }), worker],
      { sourcemaps: false },
    );
    expect(problems).toEqual(['test-only host in optional_host_permissions: ws://*.test/*']);
  });

  it('fails on the dev server loader or any localhost URL with a port', () => {
    const loader = { path: 'service-worker-loader.js', text: "import 'http://localhost:5173/@vite/env';" };
    const problems = packageProblems([manifest(), loader], { sourcemaps: false });
    expect(problems).toEqual(['dev URL in service-worker-loader.js: http://localhost:5173']);
  });

  it('fails on source maps unless they were asked for', () => {
    const files = [
      manifest(),
      { path: 'assets/index.js', text: 'x\n//# sourceMappingURL=index.js.map' },
      { path: 'assets/index.js.map', text: '{}' },
    ];
    expect(packageProblems(files, { sourcemaps: false })).toEqual([
      'source map reference in assets/index.js',
      'source map: assets/index.js.map',
    ]);
    expect(packageProblems(files, { sourcemaps: true })).toEqual([]);
  });

  it('fails without a manifest', () => {
    expect(packageProblems([worker], { sourcemaps: false })).toEqual(['manifest.json is missing']);
  });
});
