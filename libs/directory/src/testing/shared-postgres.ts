import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { openDirectory } from '../open-directory';
import { startPostgres } from './postgres-server';
import { oncePerRun, testRunDir } from './test-run';

/** The migrated database every test database of the shared server is copied from. */
export const TEMPLATE_DATABASE = 'userbridge_template';

/**
 * The test run's one PostgreSQL server, as a source of migrated databases.
 * It is never stopped by a test (jest's global teardown stops it): a test
 * that stops, halts or restarts its server starts one of its own with
 * `startPostgres()`.
 */
export interface SharedPostgres {
  readonly port: number;
  /** URL of the `postgres` database (for administration). */
  readonly adminUrl: string;
  /**
   * A new database copied from the migrated template (`CREATE DATABASE …
   * TEMPLATE`, tens of milliseconds instead of a migration), or with
   * `empty` a blank one that whoever opens it migrates; returns its URL.
   */
  createDatabase(name?: string, options?: { empty?: boolean }): Promise<string>;
  /** Drops a database made by createDatabase, ending its sessions first. */
  dropDatabase(url: string): Promise<void>;
}

interface ServerRecord {
  port: number;
  pid: number;
  adminUrl: string;
}

async function asAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const databaseUrl = (port: number, name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;
const quoted = (name: string) => `"${name.replace(/"/g, '')}"`;

/** Started by the first test file that asks, in the run directory the global teardown removes. */
async function startShared(runDir: string, recordPath: string): Promise<void> {
  const server = await startPostgres({ parentDir: runDir });
  try {
    await asAdmin(server.adminUrl, (client) =>
      client.query(`create database ${quoted(TEMPLATE_DATABASE)}`),
    );
    const directory = await openDirectory({
      databaseUrl: databaseUrl(server.port, TEMPLATE_DATABASE),
      maxConnections: 1,
    });
    await directory.close();
    const record: ServerRecord = { port: server.port, pid: server.pid, adminUrl: server.adminUrl };
    writeFileSync(recordPath, JSON.stringify(record));
  } catch (error) {
    await server.stop();
    throw error;
  }
}

let databases = 0;

/**
 * The shared server of this jest run (started on first use, by whichever
 * test file asks first), or null outside a jest run with the global set-up.
 */
export async function sharedPostgres(): Promise<SharedPostgres | null> {
  const runDir = testRunDir();
  if (!runDir) return null;
  const path = await oncePerRun(runDir, 'postgres.json', (partial) => startShared(runDir, partial));
  const { port, adminUrl } = JSON.parse(readFileSync(path, 'utf8')) as ServerRecord;
  return {
    port,
    adminUrl,
    // jest loads this module afresh for every test file a worker runs, so the
    // counter alone repeats across files: the random part keeps names apart.
    async createDatabase(
      name = `test_${process.pid}_${randomBytes(4).toString('hex')}_${++databases}`,
      options: { empty?: boolean } = {},
    ) {
      const template = options.empty ? '' : ` template ${quoted(TEMPLATE_DATABASE)}`;
      await asAdmin(adminUrl, (client) =>
        client.query(`create database ${quoted(name)}${template}`),
      );
      return databaseUrl(port, name);
    },
    async dropDatabase(url: string) {
      const name = decodeURIComponent(new URL(url).pathname.slice(1));
      await asAdmin(adminUrl, (client) =>
        client.query(`drop database if exists ${quoted(name)} with (force)`),
      );
    },
  };
}
