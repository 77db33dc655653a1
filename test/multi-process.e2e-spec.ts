import type { RunningSandbox } from '../apps/vendor-sandbox/src';
import { GatewayProcess, startGatewayProcess } from './support/gateway-process';
import { startTwoGateways, TwoGateways } from './support/two-gateways';
import { until } from './support/poll';
import { READ_KEY, WRITE_KEY } from './support/stack';

/**
 * Two gateway processes sharing one real PostgreSQL server: a vendor is synced
 * by one of them at a time (a lease in the database, not a flag in memory),
 * and an Idempotency-Key used on one replays on the other, and after a restart.
 */
describe('two gateway processes on one PostgreSQL (e2e)', () => {
  jest.setTimeout(300_000);
  let stack: TwoGateways | undefined;
  let sandbox: RunningSandbox;
  let env: Record<string, string>;
  let gateways: GatewayProcess[] = [];

  const call = async (
    gateway: GatewayProcess,
    method: string,
    path: string,
    init: {
      key?: string;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ) => {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${init.key ?? READ_KEY}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  };

  beforeAll(async () => {
    stack = await startTwoGateways(1000);
    ({ sandbox, env, gateways } = stack);
  });
  afterAll(async () => stack?.stop());

  it('runs each vendor sync in one process only, both answering the same running runs', async () => {
    // Slow pages keep the runs going while both processes are asked.
    for (const vendor of ['convirza', 'desk', 'credira'] as const)
      sandbox.setFault(vendor, { latencyMs: 150 });
    const [a, b] = await Promise.all(
      gateways.map((gateway) => call(gateway, 'POST', '/v1/sync', { key: WRITE_KEY })),
    );
    expect([a.status, b.status]).toEqual([202, 202]);
    for (const vendor of ['convirza', 'desk', 'credira']) {
      const runA = a.body.data.find((run: any) => run.vendor === vendor);
      const runB = b.body.data.find((run: any) => run.vendor === vendor);
      expect({ vendor, sameRun: runA.id === runB.id }).toEqual({ vendor, sameRun: true });
      expect([runA.started, runB.started].filter(Boolean)).toHaveLength(1);
    }
    const runs = await until(
      'the runs to end',
      async () => (await call(gateways[1], 'GET', '/v1/sync/runs')).body.data,
      (found: any[]) => found.length > 0 && found.every((run) => run.outcome !== 'running'),
      120_000,
    );
    sandbox.clearFaults();
    expect(runs.map((run: any) => [run.vendor, run.outcome]).sort()).toEqual([
      ['convirza', 'succeeded'],
      ['credira', 'succeeded'],
      ['desk', 'succeeded'],
    ]);
    // Each vendor was read once: one process's page stream, not two.
    const stats = sandbox.stats();
    const credira = runs.find((run: any) => run.vendor === 'credira');
    expect(stats.credira.requests['GET /users']).toBe(credira.counts.pages);
  });

  it('replays an Idempotency-Key on the other process, and after a restart', async () => {
    sandbox.resetStats();
    const body = {
      vendor: 'convirza',
      email: 'two.processes@example.com',
      firstName: 'Two',
      lastName: 'Processes',
      groups: [{ id: '1001' }],
      role: 'member',
    };
    const headers = { 'idempotency-key': 'multi-process-create-1' };
    const first = await call(gateways[0], 'POST', '/v1/users', { key: WRITE_KEY, body, headers });
    expect(first.status).toBe(201);
    const other = await call(gateways[1], 'POST', '/v1/users', { key: WRITE_KEY, body, headers });
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBe('true');
    expect(other.body).toEqual(first.body);

    await gateways[0].stop();
    gateways[0] = await startGatewayProcess(env);
    const restarted = await call(gateways[0], 'POST', '/v1/users', {
      key: WRITE_KEY,
      body,
      headers,
    });
    expect(restarted.status).toBe(201);
    expect(restarted.headers.get('idempotent-replayed')).toBe('true');
    expect(sandbox.stats().convirza.requests['POST /users']).toBe(1);
    // The write went through to the store both processes read.
    const stored = await call(gateways[1], 'GET', `/v1/users/${first.body.id}?source=store`);
    expect(stored.body.email).toBe('two.processes@example.com');
  });
});
