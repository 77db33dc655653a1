// `npm start` and `npm test` run the production build (e2e tests spawn the
// gateway from it, as `npm start` does); build first when it is missing or
// older than the sources, so a fresh clone needs only `npm ci && npm start`
// (or `npm test`).
const { statSync, readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const { execSync } = require('node:child_process');

const root = join(__dirname, '..');
const entry = join(root, 'dist/apps/gateway/src/main.js');

function newestSource(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (item.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  const sources = Math.max(newestSource(join(root, 'apps')), newestSource(join(root, 'libs')));
  return !existsSync(entry) || statSync(entry).mtimeMs < sources;
}

function ensureBuild() {
  if (!buildIsStale()) return;
  process.stdout.write('Building userbridge (first start, or sources changed)...\n');
  execSync('node scripts/build.js --production', { cwd: root, stdio: 'inherit' });
}

module.exports = { ensureBuild, buildIsStale, entry };
if (require.main === module) ensureBuild();
