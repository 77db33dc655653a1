// `npm run build`: type-check the whole repository once and emit the
// production build into dist/ (`--production`: check only what is built;
// `--watch`: `npm run start:dev`, below).
//
// One TypeScript program over tsconfig.json (apps, libs, tests, benches,
// scripts) is checked, as `tsc --noEmit -p tsconfig.json` does; the files
// tsconfig.build.json names are then emitted from that same program. Emitting
// a file needs that file fully checked, so checking first costs nothing more,
// where `nest build` followed by `tsc --noEmit` checked the sources twice in
// two programs. The output is what `nest build` writes: the @nestjs/swagger
// CLI plugin with nest-cli.json's options, and the @userbridge/* path aliases
// rewritten to relative paths, since Node knows nothing of tsconfig's `paths`.
const { readFileSync, rmSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');
const ts = require('typescript');
const swaggerPlugin = require('@nestjs/swagger/plugin');

const root = join(__dirname, '..');

function readConfig(file) {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, file),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => fail([diagnostic]),
    },
  );
  if (parsed.errors.length > 0) fail(parsed.errors);
  return parsed;
}

const formatHost = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: () => root,
  getNewLine: () => '\n',
};

function fail(diagnostics) {
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
  process.stderr.write(`\nBuild failed: ${errors} TypeScript error(s).\n`);
  process.exit(1);
}

/** `@userbridge/x` and `@userbridge/x/y` → the path tsconfig's `paths` maps them to. */
function aliasTarget(paths, specifier) {
  for (const [pattern, [target]] of Object.entries(paths)) {
    if (pattern.endsWith('/*')) {
      const prefix = pattern.slice(0, -1);
      if (specifier.startsWith(prefix)) return target.replace('*', specifier.slice(prefix.length));
    } else if (pattern === specifier) return target;
  }
  return null;
}

/** Rewrites aliased import/export/require specifiers to paths relative to the importing file. */
function aliasTransformer(options) {
  const paths = options.paths ?? {};
  const baseUrl = options.baseUrl ?? root;
  return (context) => (sourceFile) => {
    const rewrite = (literal) => {
      const target = aliasTarget(paths, literal.text);
      if (target === null) return literal;
      let path = relative(dirname(sourceFile.fileName), join(baseUrl, target)).replace(/\\/g, '/');
      if (!path.startsWith('.')) path = `./${path}`;
      return ts.factory.createStringLiteral(path);
    };
    const visit = (node) => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        const specifier = rewrite(node.moduleSpecifier);
        if (specifier === node.moduleSpecifier) return node;
        return ts.isImportDeclaration(node)
          ? ts.factory.updateImportDeclaration(
              node,
              node.modifiers,
              node.importClause,
              specifier,
              node.attributes,
            )
          : ts.factory.updateExportDeclaration(
              node,
              node.modifiers,
              node.isTypeOnly,
              node.exportClause,
              specifier,
              node.attributes,
            );
      }
      if (
        ts.isCallExpression(node) &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
          (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
        node.arguments.length === 1 &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        const specifier = rewrite(node.arguments[0]);
        if (specifier !== node.arguments[0])
          return ts.factory.updateCallExpression(node, node.expression, node.typeArguments, [
            specifier,
          ]);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(sourceFile, visit);
  };
}

function swaggerOptions() {
  const nest = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8'));
  const plugin = nest.compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger');
  if (!plugin) throw new Error('nest-cli.json names no @nestjs/swagger plugin');
  return plugin.options ?? {};
}

/** What the build does to the emitted code beyond TypeScript's own output. */
function buildTransformers(program) {
  return {
    before: [
      swaggerPlugin.before(swaggerOptions(), program),
      aliasTransformer(program.getCompilerOptions()),
    ],
  };
}

/**
 * The repository's program and its type errors: tsconfig.json (everything),
 * or tsconfig.build.json (the production files alone, as `npm start` and
 * `npm test` build when the build is missing or stale: nothing else is needed
 * to run, and it takes a third less).
 */
function repositoryProgram(configFile = 'tsconfig.json') {
  const whole = readConfig(configFile);
  const program = ts.createProgram({ rootNames: whole.fileNames, options: whole.options });
  return { program, diagnostics: ts.getPreEmitDiagnostics(program) };
}

/** Writes dist/ from the repository's program: the files tsconfig.build.json names. */
function emitDist(program) {
  const options = program.getCompilerOptions();
  const production = new Set(
    readConfig('tsconfig.build.json').fileNames.map((f) => ts.sys.resolvePath(f)),
  );
  const outDir = options.outDir ?? join(root, 'dist');
  rmSync(outDir, { recursive: true, force: true });
  const transformers = buildTransformers(program);
  const emitted = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (!production.has(ts.sys.resolvePath(sourceFile.fileName))) continue;
    emitted.push(
      ...program.emit(sourceFile, undefined, undefined, false, transformers).diagnostics,
    );
  }
  if (emitted.length > 0) fail(emitted);
  process.stdout.write(`Built ${production.size} files into ${relative(root, outDir)}/\n`);
}

/**
 * `npm run start:dev`: the production files (tsconfig.build.json) in
 * TypeScript's incremental watch mode, emitted as the build emits them, and
 * the gateway run from dist/ as `npm start` runs it, restarted after every
 * build without errors. A build with errors leaves the last good one running.
 */
function watch() {
  const { spawn } = require('node:child_process');
  const start = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start;
  const [program, ...args] = start.trim().split(/\s+/);
  if (program !== 'node') throw new Error(`the start script runs ${program}, not node`);
  let gateway = null;
  const restart = () => {
    const run = () => {
      gateway = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
      gateway.once('exit', () => (gateway = null));
    };
    if (!gateway) return run();
    gateway.removeAllListeners('exit');
    gateway.once('exit', run);
    gateway.kill('SIGTERM');
  };
  // Ctrl-C or a stop ends the gateway too, not only the watcher.
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => {
      if (!gateway) process.exit(0);
      gateway.removeAllListeners('exit');
      gateway.once('exit', () => process.exit(0));
      gateway.kill(signal);
    });
  const report = (diagnostic) =>
    process.stderr.write(ts.formatDiagnosticsWithColorAndContext([diagnostic], formatHost));
  const host = ts.createWatchCompilerHost(
    join(root, 'tsconfig.build.json'),
    {},
    ts.sys,
    ts.createEmitAndSemanticDiagnosticsBuilderProgram,
    report,
    (status) =>
      process.stdout.write(`${ts.flattenDiagnosticMessageText(status.messageText, '\n')}\n`),
  );
  host.afterProgramCreate = (builder) => {
    const diagnostics = [
      ...builder.getConfigFileParsingDiagnostics(),
      ...builder.getSyntacticDiagnostics(),
      ...builder.getGlobalDiagnostics(),
      ...builder.getSemanticDiagnostics(),
    ];
    diagnostics.forEach(report);
    if (diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error)) return;
    const transformers = buildTransformers(builder.getProgram());
    const emitted = builder.emit(undefined, undefined, undefined, false, transformers);
    emitted.diagnostics.forEach(report);
    if (emitted.diagnostics.length === 0) restart();
  };
  ts.createWatchProgram(host);
}

module.exports = { formatHost, readConfig, fail, repositoryProgram, emitDist };

if (require.main === module) {
  if (process.argv.includes('--watch')) watch();
  else {
    const production = process.argv.includes('--production');
    const { program, diagnostics } = repositoryProgram(
      production ? 'tsconfig.build.json' : 'tsconfig.json',
    );
    if (diagnostics.length > 0) fail(diagnostics);
    emitDist(program);
  }
}
