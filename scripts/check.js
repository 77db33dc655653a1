// `npm run lint`: every static check of the code, on one TypeScript program
// per project: the repository (tsconfig.json) and the typed client
// (clients/typescript/tsconfig.json) are each type-checked once, and ESLint
// runs on those very programs, so its type-aware rules ask their checkers
// instead of building programs of their own (they cost as much as a type
// check). Every problem is printed before it fails. `--build` then writes
// what `npm run build` and `npm run build:client` write, from the same
// programs (CI's `.ci/run`).
const { join } = require('node:path');
const ts = require('typescript');
const { ESLint } = require('eslint');
const { formatHost, readConfig, repositoryProgram, emitDist } = require('./build');

const root = join(__dirname, '..');

async function check() {
  const build = process.argv.includes('--build');
  let failed = false;
  const report = (name, diagnostics) => {
    const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (diagnostics.length > 0)
      process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));
    process.stdout.write(`== types (${name}): ${errors.length} error(s)\n`);
    if (errors.length > 0) failed = true;
  };

  const repository = repositoryProgram();
  report('tsconfig.json', repository.diagnostics);

  const clientConfig = readConfig('clients/typescript/tsconfig.json');
  const client = ts.createProgram({
    rootNames: clientConfig.fileNames,
    options: clientConfig.options,
  });
  report('clients/typescript', ts.getPreEmitDiagnostics(client));

  const eslint = new ESLint({
    cwd: root,
    overrideConfig: {
      languageOptions: {
        parserOptions: { projectService: false, programs: [repository.program, client] },
      },
    },
  });
  const results = await eslint.lintFiles(['.']);
  const text = await (await eslint.loadFormatter('stylish')).format(results);
  if (text) process.stdout.write(text);
  const problems = results.reduce((sum, r) => sum + r.errorCount + r.warningCount, 0);
  process.stdout.write(`== eslint: ${results.length} files, ${problems} problem(s)\n`);
  if (problems > 0) failed = true;

  if (failed) {
    process.stderr.write('Checks failed.\n');
    process.exit(1);
  }
  if (build) {
    emitDist(repository.program);
    const emitted = client.emit().diagnostics;
    if (emitted.length > 0) report('clients/typescript emit', emitted);
    if (failed) process.exit(1);
    process.stdout.write('Built clients/typescript\n');
  }
}

check().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
