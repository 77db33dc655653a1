// `npm start` runs the production build; build first when it is missing or
// older than the sources, so a fresh clone needs only `npm ci && npm start`.
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

const sources = Math.max(newestSource(join(root, 'apps')), newestSource(join(root, 'libs')));
if (!existsSync(entry) || statSync(entry).mtimeMs < sources) {
  process.stdout.write('Building userbridge (first start, or sources changed)...\n');
  execSync('npx nest build gateway', { cwd: root, stdio: 'inherit' });
}
