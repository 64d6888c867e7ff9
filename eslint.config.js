// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import boundaries that keep the design easy to see (see house-style.md). */
const boundary = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const polyfill = {
  group: ['webextension-polyfill'],
  message: 'Import the browser API from src/shared/browser.ts only.',
};

const workerPatterns = [
  { group: ['**/popup/**', '**/options/**'], message: 'The worker never imports a page.' },
  polyfill,
];
/** The worker's pure files: plans and values, no browser API, no storage (house-style.md). */
const PURE_FILES = [
  'src/background/**/plan.ts',
  'src/background/**/slots.ts',
  'src/background/refresh/timing.ts',
  'src/background/header-rules/api-scope.ts',
  'src/background/header-rules/grant-rules.ts',
  // What the worker and the popup both derive from storage (the popup renders from it).
  'src/shared/sessions/*.ts',
  'src/shared/policy-in-force.ts',
];

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'artifacts', 'coverage', 'node_modules'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  boundary(
    ['src/brokers/**'],
    [
      {
        group: ['**/shared/**', '**/background/**', '**/popup/**', '**/options/**', 'webextension-polyfill'],
        message: 'src/brokers is pure protocol code: it imports nothing from the extension.',
      },
    ],
  ),
  boundary(
    ['src/popup/**'],
    [
      {
        group: ['**/background/**', '**/options/**', '**/brokers/**'],
        message: 'Pages reach the rest through src/shared only.',
      },
      polyfill,
    ],
  ),
  boundary(
    ['src/options/**'],
    [
      {
        group: ['**/background/**', '**/popup/**', '**/brokers/**'],
        message: 'Pages reach the rest through src/shared only.',
      },
      polyfill,
    ],
  ),
  boundary(
    ['src/consent/**'],
    [
      {
        group: ['**/background/**', '**/popup/**', '**/options/**', '**/brokers/**'],
        message: 'Pages reach the rest through src/shared only.',
      },
      polyfill,
    ],
  ),
  boundary(
    ['src/offscreen/**'],
    [
      {
        group: ['**/background/**', '**/popup/**', '**/options/**', '**/brokers/**'],
        message: 'The offscreen page knows only src/shared.',
      },
      polyfill,
    ],
  ),
  boundary(['src/background/**'], workerPatterns),
  // sessions/ and refresh/ change sessions; what follows a change (rules, alarms) is propagate.ts's.
  boundary(
    ['src/background/sessions/**', 'src/background/refresh/**'],
    [
      ...workerPatterns,
      {
        group: ['**/header-rules/**', '**/alarms/**'],
        message: 'sessions/ and refresh/ reach header rules and alarms only through propagate.ts.',
      },
    ],
  ),
  boundary(
    ['src/shared/**'],
    [
      {
        group: ['**/background/**', '**/popup/**', '**/options/**'],
        message: 'shared/ is common ground: it depends on no side.',
      },
    ],
  ),
  // The pure planners take values and return values: tested with plain data, no browser, no storage.
  // (Later in this list, so for a pure file of shared/ its rule replaces shared/'s: it repeats it.)
  {
    files: PURE_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...workerPatterns,
            { group: ['**/background/**'], message: 'shared/ is common ground: it depends on no side.' },
            {
              group: ['**/shared/browser.ts', '**/brokers/http.ts'],
              allowTypeImports: true,
              message: 'A pure file uses no browser API and no network (types are fine).',
            },
            {
              group: [
                '**/store.ts',
                '**/*-store.ts',
                '**/sync.ts',
                '**/propagate.ts',
                '**/serial.ts',
                '**/shared/storage.ts',
                '**/shared/storage-items.ts',
              ],
              allowTypeImports: true,
              message: 'A pure file reads no storage: its caller passes the values in.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'chrome', 'browser', 'fetch'],
    },
  },
  // Pages draw sessions from storage; the secrets are kept apart for the worker alone.
  {
    files: ['src/popup/**', 'src/options/**', 'src/offscreen/**', 'src/consent/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'sessionItems',
          property: 'sessionSecrets',
          message: 'Pages never read the session secrets.',
        },
      ],
    },
  },
  prettier,
);
