import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { DirectoryOpenError } from '../errors/store-unavailable.error';
import { pgliteParsers, pgTypeParsers } from './int8';
import { PGlite } from './load-pglite';
import { migrationProvider } from './migrations';
import { PglitePool } from './pglite-pool';
import type { DB } from './schema';

export interface OpenedDatabase {
  db: Kysely<DB>;
  engine: 'postgres' | 'pglite';
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir?: string | null;
  pgliteDump?: Blob;
  maxConnections?: number;
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** See openServer: the failure is reported to the caller whose call it broke. */
function ignoreDroppedSession(): void {}

function openServer(url: string, maxConnections: number): Kysely<DB> {
  const pool = new Pool({
    connectionString: url,
    max: maxConnections,
    // A lost server must become a quick 503, not a request hanging on the pool.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    types: pgTypeParsers,
  });
  // A client whose server drops the session (a restart, a crash, a failover,
  // pg_terminate_backend) emits 'error'. An idle one emits through the pool;
  // a checked-out one emits on itself, and with no listener that event is an
  // uncaught exception that ends the process, live API included. The error
  // itself also reaches the query in flight (which fails as
  // StoreUnavailableError), and the pool drops a client that broke, so
  // nothing is lost by listening: the next call opens a fresh connection.
  pool.on('error', ignoreDroppedSession);
  pool.on('connect', (client) => client.on('error', ignoreDroppedSession));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

async function openEmbedded(options: DatabaseOptions): Promise<Kysely<DB>> {
  // One options object: PGlite reads its second argument only when the first is a
  // data directory's path, so `new PGlite(undefined, options)` drops the options.
  const pglite = new PGlite({
    dataDir: options.dataDir ?? undefined,
    loadDataDir: options.pgliteDump,
    parsers: pgliteParsers,
  });
  await pglite.waitReady;
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: new PglitePool(pglite) }) });
}

/** Brings a database to the latest schema (a DirectoryOpenError naming the migration that failed). */
export async function migrate(db: Kysely<DB>): Promise<void> {
  const { error, results } = await new Migrator({
    db,
    provider: migrationProvider,
  }).migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new DirectoryOpenError(
      `Directory migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * Search folds text with `normalize(text, NFC)`, which PostgreSQL performs only
 * in a UTF8 database (PGlite always is one): refuse any other at open rather
 * than answer every search with an error.
 */
async function requireUtf8(db: Kysely<DB>, url: string): Promise<void> {
  const { rows } = await sql<{ server_encoding: string }>`show server_encoding`.execute(db);
  const encoding = rows[0]?.server_encoding;
  if (encoding !== 'UTF8')
    throw new DirectoryOpenError(
      `The database of DATABASE_URL (${redactUrl(url)}) uses encoding ${encoding ?? 'unknown'}: the directory needs a UTF8 database (CREATE DATABASE … ENCODING 'UTF8')`,
    );
}

/**
 * Opens the store and brings its schema to the latest version. A server that
 * cannot be reached is a DirectoryOpenError naming DATABASE_URL.
 */
export async function openDatabase(options: DatabaseOptions): Promise<OpenedDatabase> {
  if (options.databaseUrl) {
    const url = options.databaseUrl;
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new DirectoryOpenError(
        `DATABASE_URL must be a postgres:// or postgresql:// URL, got "${redactUrl(url)}"`,
      );
    const db = openServer(url, options.maxConnections ?? 10);
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      await db.destroy().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new DirectoryOpenError(
        `Cannot reach the PostgreSQL server of DATABASE_URL (${redactUrl(url)}): ${reason}`,
        { cause: error },
      );
    }
    try {
      await requireUtf8(db, url);
      await migrate(db);
    } catch (error) {
      await db.destroy().catch(() => undefined);
      throw error;
    }
    return { db, engine: 'postgres' };
  }
  let db: Kysely<DB>;
  try {
    db = await openEmbedded(options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DirectoryOpenError(
      `Cannot open the embedded PostgreSQL${options.dataDir ? ` in USERBRIDGE_DATA_DIR (${options.dataDir})` : ''}: ${reason}`,
      { cause: error },
    );
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return { db, engine: 'pglite' };
}
