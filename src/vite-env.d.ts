/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The browser a build is for (vite.config.ts); unset in unit tests, which act as Chrome. */
  readonly BROWSER?: 'chrome' | 'firefox';
}
