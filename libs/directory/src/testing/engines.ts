import type { Directory, DirectoryOptions } from '../directory.port';
import { openDirectory } from '../open-directory';
import { openMemoryDirectory } from './pglite';
import { startPostgres } from './postgres-server';
import { sharedPostgres } from './shared-postgres';

export type EngineName = 'pglite' | 'postgres';
export const ENGINES: readonly EngineName[] = ['pglite', 'postgres'];

export interface EngineHandle {
  directory: Directory;
  /**
   * The server's database URL (postgres only), e.g. to open a second
   * process's directory. Its server may be the run's shared one, which a test
   * must not stop: start one of your own with `startPostgres()` for that.
   */
  databaseUrl: string | null;
}

/** How a handle gives back what it holds besides its directory. */
const releases = new WeakMap<EngineHandle, () => Promise<void>>();

type Options = Omit<DirectoryOptions, 'databaseUrl' | 'dataDir' | 'pgliteDump'>;

/** A database of a test's, and how to give it back. */
export interface TestDatabase {
  url: string;
  release(): Promise<void>;
}

/**
 * A database for a test that never stops its server: under jest one of the
 * run's shared server, copied from the migrated template, or with `empty` a
 * blank one for processes that migrate it at boot; outside jest (no shared
 * server) a server of its own, stopped on release. A test that stops, halts
 * or restarts its server starts one with `startPostgres()`.
 */
export async function testDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const shared = await sharedPostgres();
  if (shared) {
    const url = await shared.createDatabase(undefined, options);
    return { url, release: () => shared.dropDatabase(url) };
  }
  const server = await startPostgres();
  try {
    return { url: await server.createDatabase(), release: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export async function openEngine(engine: EngineName, options: Options = {}): Promise<EngineHandle> {
  if (engine === 'pglite')
    return { directory: await openMemoryDirectory(options), databaseUrl: null };
  const database = await testDatabase();
  try {
    const handle = {
      directory: await openDirectory({ ...options, databaseUrl: database.url }),
      databaseUrl: database.url,
    };
    releases.set(handle, database.release);
    return handle;
  } catch (error) {
    await database.release();
    throw error;
  }
}

export async function closeEngine(handle: EngineHandle | undefined): Promise<void> {
  if (!handle) return;
  await handle.directory.close();
  await releases.get(handle)?.();
}

/**
 * Runs the same jest suite against an in-memory PGlite and a real PostgreSQL
 * server (one of each per file, shared by its tests: keep tests independent,
 * e.g. one vendor name per test).
 */
export function describeEachEngine(
  title: string,
  suite: (handle: () => EngineHandle, engine: EngineName) => void,
  options: Options = {},
): void {
  for (const engine of ENGINES) {
    describe(`${title} [${engine}]`, () => {
      let handle: EngineHandle | undefined;
      beforeAll(async () => {
        handle = await openEngine(engine, options);
        // Generous: initdb and a server start take a minute and more on a busy shared machine.
      }, 240_000);
      afterAll(async () => {
        await closeEngine(handle);
      }, 60_000);
      suite(() => {
        if (!handle) throw new Error(`${engine} did not open`);
        return handle;
      }, engine);
    });
  }
}
