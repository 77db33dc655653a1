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

/** A fresh cluster (initdb, none of our tables): a `dumpDataDir()` tarball. */
async function makeInitdbDump(): Promise<Blob> {
  const pglite = new PGlite();
  await pglite.waitReady;
  try {
    return (await pglite.dumpDataDir('none')) as Blob;
  } finally {
    await pglite.close();
  }
}

/** The initdb dump brought through every migration. */
async function makeMigratedDump(): Promise<Blob> {
  const pglite = new PGlite({ loadDataDir: (await initdbDump()) as globalThis.Blob });
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new PglitePool(pglite) }) });
  try {
    await migrate(db);
    return (await pglite.dumpDataDir('none')) as Blob;
  } finally {
    await db.destroy();
  }
}

/**
 * `make`'s tarball, once: under jest one file per run, made by the first test
 * file that asks (see test-run.ts); elsewhere once per process.
 */
function dumpOnce(name: string, make: () => Promise<Blob>): () => Promise<Blob> {
  let dump: Promise<Blob> | undefined;
  return () =>
    (dump ??= (async () => {
      const runDir = testRunDir();
      if (!runDir) return make();
      const path = await oncePerRun(runDir, name, async (partial) => {
        const made = await make();
        writeFileSync(partial, Buffer.from(await made.arrayBuffer()));
      });
      return new Blob([readFileSync(path)]);
    })());
}

/**
 * A fresh cluster with none of our tables, for specs that build a store of an
 * older schema: loading it takes about 1 s of CPU where initdb takes about 8.
 */
export const initdbDump = dumpOnce('pglite-initdb.tar', makeInitdbDump);

/**
 * A migrated PGlite, dumped once: opening it takes ~0.4 s instead of ~2.4 s
 * for initdb plus the migrations.
 */
export const migratedDump = dumpOnce('pglite-migrated.tar', makeMigratedDump);

/**
 * Makes `dir` a migrated embedded store, as a gateway's first boot leaves its
 * data directory, from the run's dump: for a gateway process whose test is
 * not about that first boot (initdb costs it about 8 s of CPU).
 */
export async function unpackMigratedDataDir(dir: string): Promise<void> {
  const pglite = new PGlite({
    dataDir: dir,
    loadDataDir: (await migratedDump()) as globalThis.Blob,
  });
  await pglite.waitReady;
  await pglite.close();
}

/** An in-memory, migrated embedded directory (about 300 MB: share one per test file). */
export async function openMemoryDirectory(
  options: Omit<DirectoryOptions, 'databaseUrl' | 'dataDir' | 'pgliteDump'> = {},
): Promise<Directory> {
  return openDirectory({ ...options, pgliteDump: (await migratedDump()) as globalThis.Blob });
}
