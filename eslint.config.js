// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'net',
  'tls',
  'dns',
  'os',
  'path',
  'child_process',
  'crypto',
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'release/',
      'artifacts/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    // shared/ runs on both sides, so it imports only from shared/.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', 'electron', '**/renderer/**'],
              message: 'shared/ must not import from electron/ or renderer/.',
            },
            {
              group: NODE_BUILTINS,
              message: 'shared/ runs in the renderer too, so it cannot use Node modules.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer reaches the engine only through the API object.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', 'electron'],
              message: 'The renderer talks to the engine only through the MailtapApi object.',
            },
            {
              group: NODE_BUILTINS,
              message: 'The renderer has no Node; it must not use Node modules.',
            },
          ],
        },
      ],
    },
  },
  {
    // The engine and browser mode run without Electron, so only the Electron shell imports it.
    files: ['electron/engine/**/*.ts', 'electron/browser-mode/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron'],
              message:
                'The engine runs under plain Node too; only the Electron shell imports electron.',
            },
            { group: ['**/renderer/**'], message: 'Nothing in electron/ imports renderer code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**'], message: 'Nothing in electron/ imports renderer code.' },
          ],
        },
      ],
    },
  },
);
