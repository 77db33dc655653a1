import { Client } from 'pg';
import { openDirectory } from '../open-directory';
import { StoreUnavailableError } from '../errors/store-unavailable.error';
import { canonicalUser, FakeAdapter } from '../testing/fake-adapter';
import { PostgresServer, startPostgres } from '../testing/postgres-server';
import type { Directory } from '../directory.port';

/**
 * A stored reconciliation whose server restarts under it (`pg_ctl stop -m
 * fast`: every session is told 57P01 and closed, as pg_terminate_backend
 * does), on a real PostgreSQL server of the test's own: the run fails as
 * store_unavailable, the last complete run is still what is served, nothing
 * partial reads as succeeded, and the next run is not held back by the
 * interrupted one (its failure is recorded once the server is back).
 */
describe('stored reconciliation under a terminated session (PostgreSQL server)', () => {
  let server: PostgresServer;
  let directory: Directory;
  let admin: Client;
  const runningRuns = async () => {
    const result = await admin.query<{ n: number }>(
      "select count(*)::int as n from reconciliation_runs where outcome = 'running'",
    );
    return result.rows[0].n;
  };
  const until = async (done: () => Promise<boolean>) => {
    for (let i = 0; i < 10_000; i++) {
      if (await done()) return;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    throw new Error('the reconciliation run was never claimed');
  };
  const connections = [
    { name: 'credira', vendor: 'credira' },
    { name: 'desk', vendor: 'desk' },
  ];

  beforeAll(async () => {
    server = await startPostgres();
    const databaseUrl = await server.createDatabase('faults');
    directory = await openDirectory({ databaseUrl });
    admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    // The server's restart ends this session too: the test reads through a fresh one after it.
    admin.on('error', () => undefined);
    // More users than one read statement takes, so the read spans several statements.
    for (const name of ['credira', 'desk']) {
      const adapter = new FakeAdapter(name, 1_000);
      adapter.users = Array.from({ length: 6_000 }, (_, i) =>
        canonicalUser(name, String(i), { email: `person${i % 4_000}@example.com` }),
      );
      await (
        await directory.sync.start(adapter)
      ).done;
    }
  }, 240_000);
  afterAll(async () => {
    await admin?.end().catch(() => undefined);
    await directory?.close();
    await server?.stop();
  }, 60_000);

  it('fails the run, keeps serving the last complete one, and lets the next run start', async () => {
    const complete = await directory.reconciliation.run(connections);
    expect(complete.outcome).toBe('succeeded');
    expect(complete.totals.users).toBe(12_000);

    const interrupted = directory.reconciliation.run(connections);
    interrupted.catch(() => undefined);
    // Once the run is claimed (its row reads running), the server goes away under it and comes back.
    await until(async () => (await runningRuns()) === 1);
    await server.halt('fast');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await server.start();
    await expect(interrupted).rejects.toBeInstanceOf(StoreUnavailableError);

    const latest = await directory.reconciliation.latestRun();
    expect(latest?.id).toBe(complete.id);
    expect(latest?.totals).toEqual(complete.totals);
    const page = await directory.reconciliation.listIdentities({ limit: 5 });
    expect(page?.run.id).toBe(complete.id);

    const next = await directory.reconciliation.run(connections);
    expect(next.outcome).toBe('succeeded');
    expect(next.id).toBeGreaterThan(complete.id);
    // The same people, and the conflicts the complete run opened still open: the interrupted run left nothing.
    expect(next.totals).toEqual({ ...complete.totals, opened: 0, resolved: 0 });
  }, 120_000);
});
