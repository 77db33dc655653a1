import { PostgresServer, startPostgres } from '@userbridge/directory/testing';
import { Client } from 'pg';
import { RunningSandbox, startSandbox } from '../apps/vendor-sandbox/src';
import { AUTH, BASE } from '../apps/vendor-sandbox/src/testing/sandbox-client';
import { GatewayProcess, startGatewayProcess } from './support/gateway-process';
import { until } from './support/poll';
import { READ_KEY, WRITE_KEY } from './support/stack';

const DATABASE = 'store_faults';

/**
 * The gateway's real process on a PostgreSQL server of this file's own, which
 * the tests take away: sessions terminated by an administrator
 * (`pg_terminate_backend`, SQLSTATE 57P01) while the gateway's connections are
 * in use, and the server stopped (`pg_ctl -m fast`, `-m immediate`) and
 * started again. The process must live through all of it: store calls in
 * flight fail as 503 store_unavailable in the gateway's own words, a sync run
 * ends failed and deletes nobody, live reads never notice, and the store
 * serves again by itself once the server is back.
 */
describe('the directory under PostgreSQL faults (e2e)', () => {
  jest.setTimeout(600_000);
  let server: PostgresServer;
  let sandbox: RunningSandbox;
  let gateway: GatewayProcess;
  let admin: Client;
  let liveId: string;
  let removedCount = 0;

  const call = async (method: string, path: string, key = READ_KEY) => {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}` },
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  };

  /** A 503 store_unavailable whose message is the gateway's own words (no server address). */
  const expectStoreUnavailable = (answer: { status: number; body: any; text: string }) => {
    expect({ status: answer.status, code: answer.body?.error?.code }).toEqual({
      status: 503,
      code: 'store_unavailable',
    });
    expect(answer.text).not.toContain('127.0.0.1');
    expect(answer.text).not.toContain(String(server.port));
    expect(answer.text).not.toMatch(/ECONN|terminat|57P0/i);
  };

  async function removeAtVendor(): Promise<string> {
    const vendorId = `user_${400_000_101 + removedCount++}`;
    const answer = await fetch(`${sandbox.url}${BASE.credira}/users/${vendorId}`, {
      method: 'DELETE',
      headers: AUTH.credira,
    });
    expect(answer.status).toBe(200);
    return `credira:${vendorId}`;
  }

  async function startSync(): Promise<number> {
    const started = await call('POST', '/v1/sync?vendor=credira', WRITE_KEY);
    expect(started.status).toBe(202);
    expect(started.body.data[0].started).toBe(true);
    return started.body.data[0].id;
  }

  async function runOf(id: number): Promise<any> {
    const runs = await call('GET', '/v1/sync/runs?limit=200');
    return runs.body?.data?.find((run: any) => run.id === id);
  }

  async function waitForRunEnd(id: number): Promise<any> {
    return until(
      `sync run ${id} to end`,
      () => runOf(id).catch(() => undefined),
      (run) => run !== undefined && run.outcome !== 'running',
      120_000,
    );
  }

  /** Terminates the database's sessions when one of them is in a statement or a transaction. */
  async function terminateBusySessions(): Promise<boolean> {
    const busy = await admin.query(
      `select 1 from pg_stat_activity
        where datname = $1 and pid <> pg_backend_pid() and state in ('active', 'idle in transaction')`,
      [DATABASE],
    );
    if (busy.rowCount === 0) return false;
    await server.terminateSessions(DATABASE);
    return true;
  }

  beforeAll(async () => {
    server = await startPostgres();
    const databaseUrl = await server.createDatabase(DATABASE);
    admin = new Client({ connectionString: server.adminUrl });
    // The halt tests end this session too; a test's own client must not die of it either.
    admin.on('error', () => undefined);
    await admin.connect();
    // Credira serves 100 users a page: 3 000 users are 30 pages, 3 transactions of 1 000.
    sandbox = await startSandbox({ host: '127.0.0.1', port: 0, usersPerVendor: 3000 });
    gateway = await startGatewayProcess({
      ...sandbox.vendorEnv(),
      DATABASE_URL: databaseUrl,
      GATEWAY_API_KEYS: `${READ_KEY}:read,${WRITE_KEY}:write`,
      SYNC_INTERVAL_SECONDS: '0',
      VENDOR_BREAKER_MIN_CALLS: '10000',
      LOG_LEVEL: 'warn',
    });
    const first = await waitForRunEnd(await startSync());
    expect(first).toMatchObject({ outcome: 'succeeded' });
    const stored = await call('GET', '/v1/users?vendor=credira&limit=1');
    liveId = stored.body.data[0].id;
  });
  afterAll(async () => {
    await gateway?.stop();
    await admin?.end().catch(() => undefined);
    await sandbox?.close();
    await server?.stop();
  });
  afterEach(() => sandbox.clearFaults());

  it('sessions terminated mid-sync: the run fails, deletes nobody, and the process lives', async () => {
    const removed = await removeAtVendor();
    // Every user changed at the vendor: the run writes each one (transactions the
    // terminations meet), where users it already holds as sent cost a short statement a page.
    sandbox.churn(1);
    sandbox.setFault('credira', { latencyMs: 40 });
    const runId = await startSync();
    let terminations = 0;
    for (;;) {
      const run = await runOf(runId).catch(() => undefined);
      if (run && run.outcome !== 'running') break;
      if (await terminateBusySessions()) terminations++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(terminations).toBeGreaterThan(0);
    expect(gateway.alive()).toBe(true);
    const run = await waitForRunEnd(runId);
    expect(run).toMatchObject({ outcome: 'failed', error: { code: 'store_unavailable' } });
    expect(run.counts.deleted).toBe(0);
    expect(JSON.stringify(run.error)).not.toMatch(/127\.0\.0\.1|ECONN|terminat/i);

    // The store serves again, with nobody deleted; a complete run then deletes the one removed.
    const stored = await call('GET', `/v1/users/${removed}?source=store`);
    expect({ status: stored.status, deletedAt: stored.body.deletedAt }).toEqual({
      status: 200,
      deletedAt: null,
    });
    expect((await call('GET', '/v1/changes?kind=deleted')).body.data).toEqual([]);
    sandbox.clearFaults();
    const next = await waitForRunEnd(await startSync());
    expect(next).toMatchObject({ outcome: 'succeeded', counts: { deleted: 1 } });
    expect(gateway.alive()).toBe(true);
  });

  it('sessions terminated mid-read: each read answers 200 or 503 store_unavailable, and the process lives', async () => {
    const paths = [
      '/v1/users?vendor=credira&limit=200',
      '/v1/changes?limit=200',
      '/v1/identities?limit=200',
      '/v1/sync/runs',
    ];
    const answers: { status: number; body: any; text: string }[] = [];
    let stop = false;
    const readers = Array.from({ length: 6 }, async (_, n) => {
      for (let i = n; !stop; i++) answers.push(await call('GET', paths[i % paths.length]));
    });
    let terminations = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (terminations < 30 || !answers.some((a) => a.status === 503))) {
      if (await terminateBusySessions()) terminations++;
    }
    stop = true;
    await Promise.all(readers);
    expect(gateway.alive()).toBe(true);
    const failed = answers.filter((answer) => answer.status !== 200);
    expect(failed.length).toBeGreaterThan(0);
    for (const answer of failed) expectStoreUnavailable(answer);
    // Recovered without a restart.
    expect((await call('GET', '/v1/users?vendor=credira&limit=5')).status).toBe(200);
    expect(gateway.output()).toMatch(/store unavailable on GET/);
  });

  it.each(['fast', 'immediate'] as const)(
    'the server stopped (-m %s) and started again: 503 while down, live reads throughout, recovery after',
    async (mode) => {
      const removed = await removeAtVendor();
      const pagesRead = () => sandbox.stats().credira.requests['GET /users'] ?? 0;
      // Slow pages: the run is still reading its first batch when the server goes.
      sandbox.setFault('credira', { latencyMs: 400 });
      sandbox.resetStats();
      const runId = await startSync();
      await until(
        'the run to be under way',
        async () => pagesRead(),
        (pages) => pages >= 3,
      );
      await server.halt(mode);
      try {
        // The run's next store call meets the outage: the database's clock, read
        // before each page request (so that a page never undoes a newer write).
        // It cannot ask for another page without it: the outage lasts until the
        // page count has stood still for 2 s, long past the 400 ms page in flight.
        let seen = pagesRead();
        let since = Date.now();
        await until(
          'the run to stop reading pages',
          async () => {
            if (pagesRead() !== seen) [seen, since] = [pagesRead(), Date.now()];
            return Date.now() - since;
          },
          (still) => still >= 2_000,
        );
        sandbox.clearFaults();
        expectStoreUnavailable(await call('GET', '/v1/users?vendor=credira&limit=5'));
        expectStoreUnavailable(await call('GET', `/v1/users/${liveId}?source=store`));
        expectStoreUnavailable(await call('GET', '/v1/changes'));
        const live = await call('GET', '/v1/users?vendor=credira&limit=5&source=live');
        expect(live.status).toBe(200);
        expect(live.body.data).toHaveLength(5);
        const one = await call('GET', `/v1/users/${liveId}`);
        expect({ status: one.status, id: one.body.id }).toEqual({ status: 200, id: liveId });
        expect((await call('GET', '/health')).status).toBe(200);
        expect(gateway.alive()).toBe(true);
      } finally {
        await server.start();
      }
      await until(
        'the store to answer again',
        () => call('GET', '/v1/users?vendor=credira&limit=5'),
        (answer) => answer.status === 200,
      );
      const run = await waitForRunEnd(runId);
      expect(run).toMatchObject({ outcome: 'failed', error: { code: 'store_unavailable' } });
      expect(run.counts.deleted).toBe(0);
      const stored = await call('GET', `/v1/users/${removed}?source=store`);
      expect({ status: stored.status, deletedAt: stored.body.deletedAt }).toEqual({
        status: 200,
        deletedAt: null,
      });
      // Live reads went on, and the process never restarted.
      expect(gateway.alive()).toBe(true);
      const next = await waitForRunEnd(await startSync());
      expect(next).toMatchObject({ outcome: 'succeeded', counts: { deleted: 1 } });
    },
  );
});
