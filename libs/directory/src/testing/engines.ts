import type { Directory, DirectoryOptions } from '../directory.port';
import { openDirectory } from '../open-directory';
import { openMemoryDirectory } from './pglite';
import { PostgresServer, startPostgres } from './postgres-server';
import { sharedPostgres } from './shared-postgres';

export type EngineName = 'pglite' | 'postgres';
export const ENGINES: readonly EngineName[] = ['pglite', 'postgres'];

export interface EngineHandle {
  directory: Directory;
  /** The server's database URL (postgres only), e.g. to open a second process's directory. */
  databaseUrl: string | null;
  /**
   * A server of the test's own, or null: under jest the handle is a database
   * of the run's shared server, which a test must not stop (start one of your
   * own with `startPostgres()` to stop or restart it).
   */
  server: PostgresServer | null;
}

/** How a handle gives back what it holds besides its directory. */
const releases = new WeakMap<EngineHandle, () => Promise<void>>();

type Options = Omit<DirectoryOptions, 'databaseUrl' | 'dataDir' | 'pgliteDump'>;

export async function openEngine(engine: EngineName, options: Options = {}): Promise<EngineHandle> {
  if (engine === 'pglite')
    return { directory: await openMemoryDirectory(options), databaseUrl: null, server: null };
  const shared = await sharedPostgres();
  if (shared) {
    const databaseUrl = await shared.createDatabase();
    try {
      const handle = {
        directory: await openDirectory({ ...options, databaseUrl }),
        databaseUrl,
        server: null,
      };
      releases.set(handle, () => shared.dropDatabase(databaseUrl));
      return handle;
    } catch (error) {
      await shared.dropDatabase(databaseUrl);
      throw error;
    }
  }
  const server = await startPostgres();
  try {
    const databaseUrl = await server.createDatabase();
    return { directory: await openDirectory({ ...options, databaseUrl }), databaseUrl, server };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export async function closeEngine(handle: EngineHandle | undefined): Promise<void> {
  if (!handle) return;
  await handle.directory.close();
  await releases.get(handle)?.();
  await handle.server?.stop();
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
