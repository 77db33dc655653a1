// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      // bench:ab's copy of an earlier build
      'dist-a/**',
      'node_modules/**',
      'coverage/**',
      'eslint.config.mjs',
      'jest.config.js',
      'scripts/*.js',
      'clients/typescript/dist/**',
      'clients/typescript/src/schema.d.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/apps/**', '../**/apps/**'], message: 'libs never import apps' }],
        },
      ],
    },
  },
  {
    // The error vocabulary sits below every other lib: vendor-core, the directory and the gateway build on it.
    files: ['libs/errors/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@userbridge/*', '**/apps/**'],
              message: 'libs/errors depends on nothing of ours',
            },
          ],
        },
      ],
    },
  },
  {
    // SCIM's grammar and resource rules, pure: no Nest, no SQL, nothing of ours.
    files: ['libs/scim/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@userbridge/*', '@nestjs/*', 'kysely', 'pg', '**/apps/**'],
              message: 'libs/scim is pure: it depends on nothing of ours, no Nest, no SQL',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
