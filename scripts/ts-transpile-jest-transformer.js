// Jest transformer for every file the @nestjs/swagger plugin leaves alone:
// TypeScript's own transpileModule, one file at a time (no program, no type
// checker), with the project's compiler options. ts-jest cannot serve both
// this and the whole-program compile with the plugin in one project: it
// keeps one configuration per jest project, whichever file comes first.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const ts = require('typescript');

const root = dirname(__dirname);
const { compilerOptions: raw } = require(join(root, 'tsconfig.json'));
const { options, errors } = ts.convertCompilerOptionsFromJson(
  { ...raw, isolatedModules: true, sourceMap: true, inlineSourceMap: false, declaration: false },
  root,
);
if (errors.length > 0)
  throw new Error(ts.flattenDiagnosticMessageText(errors[0].messageText, '\n'));
// A cached output is reused only with the same options, TypeScript and this file.
const optionsKey = JSON.stringify(options) + ts.version + readFileSync(__filename, 'utf8');

module.exports = {
  getCacheKey(sourceText, sourcePath) {
    return createHash('sha256')
      .update(optionsKey)
      .update('\0')
      .update(sourcePath)
      .update('\0')
      .update(sourceText)
      .digest('hex');
  },
  process(sourceText, sourcePath) {
    const { outputText, sourceMapText } = ts.transpileModule(sourceText, {
      compilerOptions: options,
      fileName: sourcePath,
      reportDiagnostics: false,
    });
    // The map names the source relative to the file; jest wants its absolute path.
    const map = JSON.parse(sourceMapText);
    map.sources = [sourcePath];
    return {
      code: outputText.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'),
      map,
    };
  },
};
