import { DirectoryOpenError, StoreUnavailableError } from './errors/store-unavailable.error';
import { openDirectory } from './open-directory';
import { startPostgres } from './testing/postgres-server';
import { createServer } from 'node:net';
import { Client } from 'pg';

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('openDirectory', () => {
  it('names DATABASE_URL (without its password) when the server cannot be reached', async () => {
    const port = await closedPort();
    const attempt = openDirectory({ databaseUrl: `postgres://app:s3cret@127.0.0.1:${port}/x` });
    await expect(attempt).rejects.toThrow(DirectoryOpenError);
    await expect(attempt).rejects.toThrow(/DATABASE_URL \(postgres:\/\/app:\*\*\*@127\.0\.0\.1/);
    await expect(attempt).rejects.not.toThrow(/s3cret/);
  });

  it('refuses a DATABASE_URL that is not a postgres URL', async () => {
    await expect(openDirectory({ databaseUrl: 'mysql://x' })).rejects.toThrow(
      /DATABASE_URL must be a postgres:\/\//,
    );
  });

  it('migrates once and reopens; a lost server makes store calls StoreUnavailableError', async () => {
    const server = await startPostgres();
    try {
      const databaseUrl = await server.createDatabase();
      const first = await openDirectory({ databaseUrl });
      await first.close();
      const directory = await openDirectory({ databaseUrl });
      await directory.ping();
      expect(await directory.changes.latestSequence()).toBe(0);
      await server.stop();
      const pingError = await directory.ping().catch((error: unknown) => error);
      expect(pingError).toBeInstanceOf(StoreUnavailableError);
      const failure = await directory.users.list({ limit: 5 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StoreUnavailableError);
      expect(failure).toMatchObject({ code: 'store_unavailable' });
      await directory.close();
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('refuses a database that is not UTF8 (search normalises Unicode), naming DATABASE_URL', async () => {
    const server = await startPostgres();
    try {
      const admin = new Client({ connectionString: server.adminUrl });
      await admin.connect();
      await admin.query(
        "create database latin template template0 encoding 'LATIN1' lc_collate 'C' lc_ctype 'C'",
      );
      await admin.end();
      const attempt = openDirectory({
        databaseUrl: server.adminUrl.replace(/\/postgres$/, '/latin'),
      });
      await expect(attempt).rejects.toThrow(DirectoryOpenError);
      await expect(attempt).rejects.toThrow(/uses encoding LATIN1: the directory needs a UTF8/);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
