// Jest's module runtime with a V8 code cache for the modules it compiles.
//
// Jest runs each test file in a module registry of its own: every file
// compiles Nest, Fastify, Kysely, pg and our code again, in each worker
// (vm.compileFunction, about a sixth of an e2e file's CPU). V8 can skip that
// parse when handed the code cache of an earlier compile of the same text, so
// each module's cache is written once per run (keyed by a hash of the text
// and of the wrapper's parameters) under jest's cache directory and read by
// every later compile, in either worker. V8 checks the cache against the
// source and its own version and flags, and ignores (rejects) one that does
// not match: the worst a stale or torn file can do is cost a normal compile.
//
// jest-runtime calls `require('node:vm').compileFunction` for every CommonJS
// module it loads (pinned exactly in package.json; scripts/jest-code-cache-runtime.spec.ts
// fails when an upgrade stops it). Nothing else in a jest worker calls it.
'use strict';

const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const vm = require('node:vm');

const Runtime = require('jest-runtime').default;

let directory = null;
const compileFunction = vm.compileFunction;
// Read by scripts/jest-code-cache-runtime.spec.ts through the patched function.
const stats = { compiled: 0, fromCache: 0, rejected: 0 };

// The file's name is part of the key: a function compiled from a cache keeps
// the script name of the compile that wrote it, so two checkouts sharing one
// cache directory would otherwise show each other's paths in stack traces.
function cachePath(code, params, filename) {
  const hash = createHash('sha256')
    .update(String(filename))
    .update('\0')
    .update(params.join(','))
    .update('\0')
    .update(code);
  return join(directory, `${hash.digest('hex')}.v8`);
}

function cachedCompile(code, params, options) {
  if (directory === null || typeof code !== 'string' || !Array.isArray(params) || !options)
    return compileFunction.call(vm, code, params, options);
  const path = cachePath(code, params, options.filename);
  let cachedData;
  try {
    cachedData = readFileSync(path);
  } catch {
    cachedData = undefined;
  }
  if (cachedData !== undefined) {
    const compiled = compileFunction.call(vm, code, params, { ...options, cachedData });
    if (!compiled.cachedDataRejected) {
      stats.fromCache++;
      return compiled;
    }
    stats.rejected++;
  }
  stats.compiled++;
  const compiled = compileFunction.call(vm, code, params, { ...options, produceCachedData: true });
  if (compiled.cachedDataProduced && compiled.cachedData) {
    // Another worker may write the same entry: each writes a file of its own, then renames.
    const partial = `${path}.${process.pid}`;
    try {
      writeFileSync(partial, compiled.cachedData);
      renameSync(partial, path);
    } catch {
      // A cache that cannot be written is only a slower next compile; leave no partial file.
      try {
        rmSync(partial, { force: true });
      } catch {
        // Nothing to remove, or nothing that can be.
      }
    }
  }
  return compiled;
}

cachedCompile.stats = stats;
vm.compileFunction = cachedCompile;

class CodeCacheRuntime extends Runtime {
  constructor(config, ...rest) {
    super(config, ...rest);
    if (directory === null) {
      const wanted = join(config.cacheDirectory, 'v8-code-cache', process.version);
      try {
        mkdirSync(wanted, { recursive: true });
        directory = wanted;
      } catch {
        // No cache directory: every module compiles as it would without this runtime.
      }
    }
  }
}

module.exports = CodeCacheRuntime;
module.exports.default = CodeCacheRuntime;
