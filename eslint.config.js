// @ts-check
import { dirname, resolve, sep } from 'node:path';
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
/**
 * An import string names a path relative to its file, so no pattern of no-restricted-imports can
 * tell `../bridge/x.ts` from src/background/index.ts (src/bridge/, Node's programs) from the same
 * string in src/background/sessions/ (src/background/bridge/, the extension's side). This rule
 * resolves the path first.
 */
const layout = {
  rules: {
    'no-import-from': {
      meta: {
        type: 'problem',
        schema: [
          {
            type: 'object',
            properties: { dir: { type: 'string' }, message: { type: 'string' } },
            additionalProperties: false,
          },
        ],
      },
      /** @param {import('eslint').Rule.RuleContext} context */
      create(context) {
        const { dir, message } = context.options[0];
        const forbidden = resolve(import.meta.dirname, dir);
        /** @param {import('estree').Node} node @param {unknown} source */
        const check = (node, source) => {
          if (typeof source !== 'string' || !source.startsWith('.')) return;
          const target = resolve(dirname(context.filename), source);
          if (target === forbidden || target.startsWith(forbidden + sep)) context.report({ node, message });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
        };
      },
    },
  },
};

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
  // The bridge's Node programs (the host, the CLI) share the wire protocol with the extension and
  // nothing else: no browser API, no storage, no broker code (types are fine).
  boundary(
    ['src/bridge/**'],
    [
      {
        group: [
          '**/background/**',
          '**/popup/**',
          '**/options/**',
          '**/offscreen/**',
          '**/consent/**',
          'webextension-polyfill',
        ],
        message:
          'src/bridge runs in Node: it knows the extension only through src/shared/bridge-protocol.ts.',
      },
      {
        group: ['**/shared/**', '!**/shared/bridge-protocol.ts', '**/brokers/**'],
        allowTypeImports: true,
        message:
          'src/bridge runs in Node: of the extension it imports src/shared/bridge-protocol.ts (and types) only.',
      },
    ],
  ),
  // …and the extension never imports them: they meet on the wire only.
  {
    files: [
      'src/background/**',
      'src/popup/**',
      'src/options/**',
      'src/offscreen/**',
      'src/consent/**',
      'src/shared/**',
    ],
    plugins: { layout },
    rules: {
      'layout/no-import-from': [
        'error',
        {
          dir: 'src/bridge',
          message: 'The extension never imports src/bridge (Node programs): they meet on the wire only.',
        },
      ],
    },
  },
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
