import { Blob } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import { PGlite } from '../db/load-pglite';
import { migrate } from '../db/open-database';
import { PglitePool } from '../db/pglite-pool';
import type { DB } from '../db/schema';
import type { Directory, DirectoryOptions } from '../directory.port';
import { openDirectory } from '../open-directory';
import { oncePerRun, testRunDir } from './test-run';

/** initdb and every migration, once: a `dumpDataDir()` tarball (about 40 MB). */
async function makeMigratedDump(): Promise<Blob> {
  const pglite = new PGlite();
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new PglitePool(pglite) }) });
  try {
    await migrate(db);
    return (await pglite.dumpDataDir('none')) as Blob;
  } finally {
    await db.destroy();
  }
}

let dump: Promise<Blob> | undefined;

/**
 * A migrated PGlite, dumped once: opening it takes ~0.4 s instead of ~2.4 s
 * for initdb plus the migrations. Under jest the dump is one file per run,
 * made by the first test file that asks (see test-run.ts); elsewhere it is
 * made once per process.
 */
export function migratedDump(): Promise<Blob> {
  dump ??= (async () => {
    const runDir = testRunDir();
    if (!runDir) return makeMigratedDump();
    const path = await oncePerRun(runDir, 'pglite-migrated.tar', async (partial) => {
      const made = await makeMigratedDump();
      writeFileSync(partial, Buffer.from(await made.arrayBuffer()));
    });
    return new Blob([readFileSync(path)]);
  })();
  return dump;
}

/** An in-memory, migrated embedded directory (about 300 MB: share one per test file). */
export async function openMemoryDirectory(
  options: Omit<DirectoryOptions, 'databaseUrl' | 'dataDir' | 'pgliteDump'> = {},
): Promise<Directory> {
  return openDirectory({ ...options, pgliteDump: (await migratedDump()) as globalThis.Blob });
}
