/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The browser a build is for (vite.config.ts); unset in unit tests, which act as Chrome. */
  readonly BROWSER?: 'chrome' | 'firefox';
  /** Whether profiles may use plain http to `*.test` hosts (vite.config.ts: the test builds only). */
  readonly ALLOW_TEST_HOSTS?: boolean;
}
