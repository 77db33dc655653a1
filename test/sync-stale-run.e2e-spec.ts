import { TestDatabase, testDatabase } from '@userbridge/directory/testing';
import { RunningSandbox, startSandbox } from '../apps/vendor-sandbox/src';
import { GatewayProcess, startGatewayProcess } from './support/gateway-process';
import { until } from './support/poll';
import { READ_KEY, Stack, startStack, WRITE_KEY } from './support/stack';

/**
 * A gateway process killed in the middle of a sync leaves its run `running`
 * in the shared database. Another process lists it as `abandoned` once its
 * heartbeat is older than the lease, without waiting for anyone to start a
 * sync, and starts a new run of that vendor.
 */
describe('a crashed process leaves no run running (e2e)', () => {
  jest.setTimeout(300_000);
  let database: TestDatabase | undefined;
  let sandbox: RunningSandbox;
  let crashed: GatewayProcess | undefined;
  let survivor: Stack | undefined;
  let databaseUrl: string;

  beforeAll(async () => {
    // An empty database: the processes migrate it at boot.
    database = await testDatabase({ empty: true });
    databaseUrl = database.url;
    // Slow pages: the run is still reading when its process dies.
    sandbox = await startSandbox({
      host: '127.0.0.1',
      port: 0,
      usersPerVendor: 300,
      faults: { credira: { latencyMs: 1000 } },
    });
  });
  afterAll(async () => {
    await crashed?.stop();
    await survivor?.close();
    await sandbox?.close();
    await database?.release();
  });

  it('expires the dead run when runs are listed, and lets a new one start', async () => {
    crashed = await startGatewayProcess({
      ...sandbox.vendorEnv(),
      DATABASE_URL: databaseUrl,
      GATEWAY_API_KEYS: `${READ_KEY}:read,${WRITE_KEY}:write`,
      SYNC_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'warn',
    });
    const started = await fetch(`${crashed.url}/v1/sync?vendor=credira`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WRITE_KEY}` },
    });
    expect(started.status).toBe(202);
    const runId = ((await started.json()) as { data: { id: number }[] }).data[0].id;
    await until(
      'the crashed process to read its first page',
      async () => sandbox.stats().credira.requests['GET /users'] ?? 0,
      (count) => count >= 1,
    );
    process.kill(crashed.pid, 'SIGKILL');

    survivor = await startStack({ databaseUrl, env: { SYNC_LEASE_SECONDS: '3' } });
    const stack = survivor;
    const runs = async () =>
      (await stack.call('GET', '/v1/sync/runs?vendor=credira')).body.data as any[];
    expect((await runs()).find((run) => run.id === runId)?.outcome).toBe('running');
    const expired = await until(
      'the dead run to be listed as abandoned',
      async () => (await runs()).find((run) => run.id === runId),
      (run) => run?.outcome === 'abandoned',
      20_000,
    );
    expect(expired).toMatchObject({
      outcome: 'abandoned',
      counts: { deleted: 0 },
      error: { code: 'lease_expired' },
    });
    const again = await stack.call('POST', '/v1/sync?vendor=credira', { key: WRITE_KEY });
    expect(again.status).toBe(202);
    expect(again.body.data[0]).toMatchObject({ started: true, outcome: 'running' });
    expect(again.body.data[0].id).not.toBe(runId);
  });
});
