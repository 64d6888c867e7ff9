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
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
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
    ['src/offscreen/**'],
    [
      {
        group: ['**/background/**', '**/popup/**', '**/options/**', '**/brokers/**'],
        message: 'The offscreen page knows only src/shared.',
      },
      polyfill,
    ],
  ),
  boundary(
    ['src/background/**'],
    [{ group: ['**/popup/**', '**/options/**'], message: 'The worker never imports a page.' }, polyfill],
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
  prettier,
);
