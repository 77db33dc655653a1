import { TestDatabase, testDatabase } from '@userbridge/directory/testing';
import { RunningSandbox, startSandbox } from '../apps/vendor-sandbox/src';
import { GatewayProcess, startGatewayProcess } from './support/gateway-process';
import { until } from './support/poll';
import { Stack, startStack, WRITE_KEY } from './support/stack';

/**
 * A gateway process killed in the middle of an offboarding run, on a real
 * PostgreSQL server: the run stays `running` under the dead process's lease;
 * once the lease expired, executing the plan again in another process takes
 * the run over and finishes it, without writing again what the dead process
 * had done.
 */
describe('an offboarding run outlives its process (e2e, PostgreSQL)', () => {
  jest.setTimeout(300_000);
  let sandbox: RunningSandbox;
  let crashed: GatewayProcess | undefined;
  let survivor: Stack | undefined;
  let database: TestDatabase | undefined;
  let databaseUrl: string;
  let keys = 0;

  beforeAll(async () => {
    database = await testDatabase();
    databaseUrl = database.url;
    sandbox = await startSandbox({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await crashed?.stop();
    await survivor?.close();
    await sandbox?.close();
    await database?.release();
  });

  const call = async (url: string, method: string, path: string, body?: unknown, key?: string) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${WRITE_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('is taken over by another process after its lease and finished with no repeated write', async () => {
    crashed = await startGatewayProcess({
      ...sandbox.vendorEnv(),
      DATABASE_URL: databaseUrl,
      GATEWAY_API_KEYS: `${WRITE_KEY}:write`,
      SYNC_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'warn',
      OFFBOARDING_LEASE_SECONDS: '2',
      VENDOR_TIMEOUT_MS: '60000',
    });
    const a = crashed.url;
    expect((await call(a, 'POST', '/v1/sync')).status).toBe(202);
    await until(
      'the stored reconciliation',
      async () => (await call(a, 'GET', '/v1/identities?limit=1')).body.meta?.source,
      (source) => source === 'store',
    );
    const history = await call(a, 'GET', '/v1/identities/history?identity=convirza:50001');
    const plan = await call(a, 'POST', '/v1/offboarding/plans', {
      identity: history.body.data[0].identityId,
    });
    expect(plan.status).toBe(201);

    // Credira's status write never answers: the dead process's run stops right there.
    sandbox.setFault('credira', { mode: 'hang', method: 'PUT' });
    const started = await call(
      a,
      'POST',
      `/v1/offboarding/plans/${plan.body.id}/execute`,
      { hash: plan.body.hash },
      `takeover-${++keys}`,
    );
    expect(started.status).toBe(202);
    const runId = started.body.id as string;
    await until(
      'convirza done and credira in flight',
      async () => (await call(a, 'GET', `/v1/offboarding/runs/${runId}`)).body.steps,
      (steps: { account: string; outcome: string }[]) =>
        steps.some((s) => s.account === 'convirza:50001' && s.outcome === 'succeeded') &&
        (sandbox.stats().credira.requests['PUT /users/:id'] ?? 0) >= 1,
    );
    process.kill(crashed.pid, 'SIGKILL');
    await until(
      'the process to die',
      async () => crashed?.alive(),
      (alive) => alive === false,
    );
    sandbox.clearFaults();
    const patchesBefore = sandbox.stats().convirza.requests['PATCH /users/:id'];
    expect(patchesBefore).toBe(1);

    survivor = await startStack({
      databaseUrl,
      env: () => ({ ...sandbox.vendorEnv(), OFFBOARDING_LEASE_SECONDS: '2' }),
    });
    const b = survivor.url;
    expect((await call(b, 'GET', `/v1/offboarding/runs/${runId}`)).body.status).toBe('running');
    const done = await until(
      'another process to take the run over and finish it',
      async () => {
        const resumed = await call(
          b,
          'POST',
          `/v1/offboarding/plans/${plan.body.id}/execute`,
          { hash: plan.body.hash },
          `takeover-${++keys}`,
        );
        expect(resumed.status).toBe(202);
        expect(resumed.body.id).toBe(runId);
        return (await call(b, 'GET', `/v1/offboarding/runs/${runId}`)).body;
      },
      (run) => run.status !== 'running',
      30_000,
    );
    expect(done.status).toBe('succeeded');
    expect(done.steps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: 'convirza:50001', outcome: 'succeeded' }),
        expect.objectContaining({ account: 'credira:user_s01', outcome: 'succeeded' }),
      ]),
    );
    // What the dead process had done was not written again.
    expect(sandbox.stats().convirza.requests['PATCH /users/:id']).toBe(1);
    expect((await call(b, 'GET', '/v1/users/credira:user_s01')).body.status).toBe('inactive');
  });
});
