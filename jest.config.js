// One config, two projects: unit specs live beside the code, e2e specs in test/.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const transform = {
  '^.+\\.ts$': [
    'ts-jest',
    {
      tsconfig: 'tsconfig.json',
      diagnostics: false,
      astTransformers: { before: ['<rootDir>/scripts/swagger-jest-transformer.js'] },
    },
  ],
};
const moduleNameMapper = pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' });
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // One run directory for the shared PostgreSQL server and the PGlite dump
  // (made by the first test file that needs them, stopped and removed here).
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
  globalTeardown: '<rootDir>/scripts/jest-global-teardown.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // Gateway processes are spawned from the build: build it when missing or stale.
      globalSetup: '<rootDir>/scripts/jest-e2e-setup.js',
      // Every stack opens the directory (an embedded PostgreSQL: seconds on a busy
      // machine). testTimeout is a global option, ignored in a project: set it here.
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.ts'],
    },
  ],
};
