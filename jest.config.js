// One config, two projects: unit specs live beside the code, e2e specs in test/.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

// The @nestjs/swagger CLI plugin rewrites only DTO/model files and
// controllers (its compiler-plugin returns every other file as is), and it
// needs the type checker: those files are taken from the fresh build, or go
// through ts-jest with the whole program and the plugin
// (scripts/swagger-build-jest-transformer.js). Every other file is transpiled
// on its own by the same TypeScript (scripts/ts-transpile-jest-transformer.js),
// which takes a fraction of the CPU on a cold cache (a fresh clone, CI).
const transform = {
  '^.+\\.(dto|model|controller)\\.ts$': [
    '<rootDir>/scripts/swagger-build-jest-transformer.js',
    {
      tsconfig: 'tsconfig.json',
      diagnostics: false,
      astTransformers: { before: ['<rootDir>/scripts/swagger-jest-transformer.js'] },
    },
  ],
  '^.+\\.ts$': '<rootDir>/scripts/ts-transpile-jest-transformer.js',
};
const moduleNameMapper = pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' });
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  runtime: '<rootDir>/scripts/jest-code-cache-runtime.js',
};

module.exports = {
  // Jest's default on 2 cores is one worker, in band. Most of a spec's wall
  // time is waiting (timers, polls, child processes, loopback HTTP), so a
  // second worker overlaps it; more would oversubscribe the e2e files, which
  // each run a gateway, a sandbox and sometimes child processes.
  maxWorkers: 2,
  // One run directory for the shared PostgreSQL server and the PGlite dump
  // (made by the first test file that needs them, stopped and removed here).
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
  globalTeardown: '<rootDir>/scripts/jest-global-teardown.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.ts',
      ],
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
