import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/** End-to-end tests: real browsers against the local broker sandbox, one file at a time. */
function e2eProject(
  name: string,
  files: { include: string[]; exclude?: string[] },
): TestProjectInlineConfiguration {
  return {
    test: {
      name,
      ...files,
      environment: 'node',
      testTimeout: 120_000,
      hookTimeout: 60_000,
      // What a browser does after an event (a renewal, a rules swap, a re-render) takes longer
      // on a loaded CI machine than vitest's default second of polling.
      expect: { poll: { timeout: 10_000 } },
      fileParallelism: false,
      pool: 'forks',
      // One worker imports playwright, the sandbox and the helpers once for all files (≈ 1 s a
      // file otherwise); the files share no state (no mocks, no module-level variables in helpers).
      isolate: false,
    },
  };
}

// Two suites: fast unit tests (Node / happy-dom), and end-to-end tests that drive real Chromium
// and Firefox against the local broker sandbox (one file at a time: the machine has two cores;
// only the token bridge's mostly idle file runs beside them, scripts/e2e.ts).
export default defineConfig({
  test: {
    // Printed by `npm test`: the protocol code is held to 95 % lines and branches.
    coverage: {
      provider: 'v8',
      include: ['src/brokers/**'],
      reporter: ['text'],
      thresholds: { lines: 95, branches: 95 },
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          // The bridge's programs, built once: its tests run them as child processes.
          globalSetup: ['test/unit/bridge/support/build-cli.ts'],
          environment: 'node',
          testTimeout: 20_000,
          // The response-header budget of a browser (Chrome reads 256 KiB), not Node's 16 KiB, so
          // the protocols meet a 20 kB token from the sandbox instead of a fetch that fails first.
          execArgv: ['--max-http-header-size=262144'],
        },
      },
      e2eProject('e2e', {
        include: ['test/e2e/**/*.test.ts'],
        exclude: [...configDefaults.exclude, 'test/e2e/bridge/**'],
      }),
      // The token bridge's file is most of a minute of waiting (its proxy carries a script through
      // renewals for 60 s): `npm run test:e2e` runs it beside the others (scripts/e2e.ts).
      e2eProject('e2e-bridge', { include: ['test/e2e/bridge/**/*.test.ts'] }),
    ],
  },
});
