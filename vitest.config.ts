import { defineConfig } from 'vitest/config';

// Two suites: fast unit tests (Node / happy-dom), and end-to-end tests that drive real Chromium
// against the local broker sandbox (one browser at a time: the machine has two cores).
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
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // What a browser does after an event (a renewal, a rules swap, a re-render) takes longer
          // on a loaded CI machine than vitest's default second of polling.
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
