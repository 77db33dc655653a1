import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/** A throwaway PostgreSQL server (Debian's package) for tests and benchmarks. */
export interface PostgresServer {
  readonly port: number;
  /** The postmaster's pid (a new one after `start()`). */
  readonly pid: number;
  /** URL of the `postgres` database (for administration). */
  readonly adminUrl: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /**
   * Ends every session of a database (`pg_terminate_backend`, SQLSTATE 57P01
   * to each), as an administrator or a failover would; answers how many.
   */
  terminateSessions(database: string): Promise<number>;
  /**
   * Shuts the server down and keeps its data: `fast` (`pg_ctl -m fast`: every
   * session is told 57P01 and closed) or `immediate` (`-m immediate`: the
   * postmaster and its backends quit at once, as in a crash; the next start
   * recovers). `start()` brings it back on the same port.
   */
  halt(mode: 'fast' | 'immediate'): Promise<void>;
  /** Starts a halted server again, on the same port with the same data. */
  start(): Promise<void>;
  /** Stops the server by its pid and removes its directory. */
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(
      'PostgreSQL is not installed (/usr/lib/postgresql/<version>/bin/initdb): run `npm test` (scripts/ensure-test-deps.sh installs it) or `apt-get install postgresql`',
    );
  return join(root, versions[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The server refuses to run as root: as root, run it as the `postgres` user the package creates. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
}

let databases = 0;

export interface StartPostgresOptions {
  /** Where its temporary directory goes (default: the system's temporary directory). */
  parentDir?: string;
  /** More server settings, each `name=value` (a benchmark's `shared_preload_libraries`, say). */
  settings?: readonly string[];
}

/**
 * Starts a fresh server of the caller's own on a free loopback port in a
 * temporary directory (durability off: it is thrown away). Stop it with
 * `stop()`. A test that only needs a database, not a server to stop or
 * restart, is faster on the test run's shared server (see shared-postgres.ts).
 */
export async function startPostgres(start: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = binDir();
  const dir = mkdtempSync(join(start.parentDir ?? tmpdir(), 'userbridge-pg-'));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  await run(
    ...asPostgres(join(bin, 'initdb'), [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-sync',
    ]),
  );
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
    ...(start.settings ?? []).map((setting) => `-c ${setting}`),
  ].join(' ');
  const pgCtl = (...args: string[]) =>
    run(...asPostgres(join(bin, 'pg_ctl'), ['-D', data, ...args]));
  const startServer = async (): Promise<number> => {
    await pgCtl('-o', options, '-l', join(dir, 'log'), '-w', '-t', '120', 'start');
    return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  };
  let pid = await startServer();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    port,
    get pid() {
      return pid;
    },
    adminUrl,
    async terminateSessions(database: string) {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        const result = await client.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [database],
        );
        return result.rowCount ?? 0;
      } finally {
        await client.end();
      }
    },
    async halt(mode: 'fast' | 'immediate') {
      await pgCtl('-m', mode, '-w', '-t', '60', 'stop');
    },
    async start() {
      pid = await startServer();
    },
    async createDatabase(name = `test_${process.pid}_${++databases}`) {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`create database "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // SIGINT is PostgreSQL's "fast shutdown"; wait for the pid to go, bounded.
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
      for (let i = 0; i < 200; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
