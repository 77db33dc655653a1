import type * as PgliteModule from '@electric-sql/pglite';

type NodeModuleLoader = typeof import('node:module') & {
  _load?: (request: string, parent: null, isMain: boolean) => unknown;
};

/**
 * PGlite's CommonJS build loads its wasm with `import()`, which jest's module
 * sandbox refuses unless every test run (the gateway's e2e included) passes
 * --experimental-vm-modules; jest also wraps `node:module`'s createRequire.
 * Node's own loader (Module._load, reached through process.getBuiltinModule)
 * loads the very same file under plain Node and outside the sandbox under jest.
 * Values crossing into it are strings, numbers, arrays and blobs; Dates coming
 * back may belong to that other realm, so callers read them with `new Date(x)`.
 */
function loadPglite(): typeof PgliteModule {
  const path = require.resolve('@electric-sql/pglite');
  const loader = process.getBuiltinModule('node:module') as unknown as NodeModuleLoader;
  const load = loader._load ?? ((request: string) => loader.createRequire(__filename)(request));
  return load(path, null, false) as typeof PgliteModule;
}

export const { PGlite } = loadPglite();
export type PGlite = PgliteModule.PGlite;
