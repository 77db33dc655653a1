// Jest's global set-up: one directory per run (USERBRIDGE_TEST_RUN_DIR) where
// the first test file that needs them leaves what every other file reuses:
// the shared PostgreSQL server (postgres.json, a migrated template database)
// and the migrated PGlite dump (see libs/directory/src/testing/test-run.ts).
// Nothing is started here, so a run of specs that need neither pays nothing.
const {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const PREFIX = 'userbridge-test-run-';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` is still the postmaster whose data lives in `dir` (a pid can be reused). */
function serverOf(dir, pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
  } catch {
    return false;
  }
}

/** Stops the run directory's shared server, if one was started, and removes the directory. */
async function removeRunDir(dir) {
  const record = join(dir, 'postgres.json');
  if (existsSync(record)) {
    const { pid } = JSON.parse(readFileSync(record, 'utf8'));
    if (serverOf(dir, pid)) {
      // SIGINT is PostgreSQL's fast shutdown; wait for the postmaster to go, bounded.
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 200 && alive(pid); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Directories of runs whose jest process is gone (killed before its teardown). */
async function sweepAbandonedRuns() {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    const ownerFile = join(dir, 'owner.pid');
    if (existsSync(ownerFile)) {
      if (alive(Number(readFileSync(ownerFile, 'utf8')))) continue;
    } else if (Date.now() - statSync(dir).mtimeMs < 600_000) continue; // being set up right now
    await removeRunDir(dir);
  }
}

module.exports = async function globalSetup() {
  await sweepAbandonedRuns();
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  // The server runs as the `postgres` user when jest runs as root: let it reach its directory.
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  process.env.USERBRIDGE_TEST_RUN_DIR = dir;
};
module.exports.removeRunDir = removeRunDir;
