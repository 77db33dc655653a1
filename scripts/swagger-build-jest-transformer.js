// Jest transformer for the files the @nestjs/swagger plugin rewrites (DTOs,
// models, controllers). The plugin needs the type checker, so ts-jest builds
// the whole program for them, once in every jest worker, warm cache or cold:
// 7-10 s of CPU a worker. `npm run build` has already compiled these very files
// with the same plugin and options (nest-cli.json), and `npm test` builds
// first when the build is missing or older than the sources: while the build
// is fresh, a file's compiled output is taken from dist/ as it is. dist/
// mirrors the source tree, so the relative requires it holds (path aliases
// included) resolve from the source file to the same modules. A stale build
// (say, `npx jest` after an edit) or a file the build leaves out goes
// through ts-jest and the plugin as before (scripts/swagger-jest-transformer.js).
const { createHash } = require('node:crypto');
const { existsSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const tsJest = require('ts-jest').default;
const { buildIsStale } = require('./ensure-build');

const root = join(__dirname, '..');
const self = readFileSync(__filename);

let fresh;
/** The build's output for a source file, or null when it must be compiled here. */
function builtOutput(sourcePath) {
  fresh ??= !buildIsStale();
  if (!fresh) return null;
  const output = join(root, 'dist', relative(root, sourcePath)).replace(/\.ts$/, '.js');
  return existsSync(output) ? output : null;
}

module.exports = {
  createTransformer(tsJestConfig) {
    let compiler;
    const viaTsJest = () => (compiler ??= tsJest.createTransformer(tsJestConfig));
    return {
      getCacheKey(sourceText, sourcePath, options) {
        const output = builtOutput(sourcePath);
        if (!output) return viaTsJest().getCacheKey(sourceText, sourcePath, options);
        return createHash('sha256')
          .update(self)
          .update('\0')
          .update(sourcePath)
          .update('\0')
          .update(sourceText)
          .update('\0')
          .update(readFileSync(output))
          .digest('hex');
      },
      process(sourceText, sourcePath, options) {
        const output = builtOutput(sourcePath);
        if (!output) return viaTsJest().process(sourceText, sourcePath, options);
        const code = readFileSync(output, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
        // The map names the source relative to dist/; jest wants its absolute path.
        const map = existsSync(`${output}.map`)
          ? { ...JSON.parse(readFileSync(`${output}.map`, 'utf8')), sources: [sourcePath] }
          : null;
        return { code, map };
      },
    };
  },
};
