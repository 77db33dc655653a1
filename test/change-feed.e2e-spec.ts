import { Client } from 'pg';
import { GatewayProcess } from './support/gateway-process';
import { startTwoGateways, TwoGateways } from './support/two-gateways';
import { until } from './support/poll';
import { READ_KEY, WRITE_KEY } from './support/stack';

/**
 * The change feed under concurrent writers on a real server: three vendors
 * syncing at once, split over two gateway processes, while writes go through
 * both processes, and a poller follows `GET /v1/changes?after=` from either.
 * A `bigserial` commits out of order between sessions, so without the feed's
 * lock the poller passes sequences that commit after it and never sees them.
 * At the end the poller must have seen every row of `changes`, each once, in
 * increasing sequence.
 */
describe('the change feed with concurrent writers on two processes (e2e)', () => {
  jest.setTimeout(600_000);
  let stack: TwoGateways | undefined;
  let databaseUrl: string;
  let gateways: GatewayProcess[] = [];

  const call = async (
    gateway: GatewayProcess,
    method: string,
    path: string,
    body?: unknown,
    key = READ_KEY,
  ) => {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${body === undefined ? key : WRITE_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    stack = await startTwoGateways(2000);
    ({ databaseUrl, gateways } = stack);
  });
  afterAll(async () => stack?.stop());

  it('a poller following after= sees every change once, in order', async () => {
    const [a, b] = gateways;
    // Users to write to, read live (the store is empty yet).
    const listed = await call(a, 'GET', '/v1/users?vendor=convirza&source=live&limit=120');
    expect(listed.status).toBe(200);
    const targets: string[] = listed.body.data.map((user: { id: string }) => user.id);

    // The poller: as fast as it can, alternating processes, from its own cursor.
    const seen: number[] = [];
    let cursor = 0;
    let polling = true;
    const poll = async (): Promise<number> => {
      const gateway = gateways[seen.length % 2];
      const page = await call(gateway, 'GET', `/v1/changes?after=${cursor}&limit=200`);
      expect(page.status).toBe(200);
      for (const entry of page.body.data as { sequence: number }[]) seen.push(entry.sequence);
      if (page.body.data.length > 0) cursor = page.body.data[page.body.data.length - 1].sequence;
      return page.body.data.length;
    };
    const poller = (async () => {
      while (polling) await poll();
    })();
    // Stops the poller whatever happens below, so a failure is reported as itself.
    const stopPolling = () => {
      polling = false;
      return poller.catch(() => undefined);
    };

    // Three vendors syncing at once over two processes.
    const started = await Promise.all([
      call(a, 'POST', '/v1/sync?vendor=convirza', {}),
      call(b, 'POST', '/v1/sync?vendor=desk', {}),
      call(b, 'POST', '/v1/sync?vendor=credira', {}),
    ]);
    const runIds = started.map((answer) => {
      expect(answer.status).toBe(202);
      return answer.body.data[0].id as number;
    });

    // Writes through both processes while the syncs run: each a write-through change.
    let written = 0;
    const writers = [a, b].map(async (gateway, n) => {
      for (let i = n; i < targets.length; i += 2) {
        const answer = await call(gateway, 'PATCH', `/v1/users/${targets[i]}`, {
          lastName: `Feed${i}`,
        });
        expect({ id: targets[i], status: answer.status }).toEqual({ id: targets[i], status: 200 });
        written++;
      }
    });
    await Promise.all(writers).catch(async (error: unknown) => {
      await stopPolling();
      throw error;
    });
    await until(
      'the sync runs to end',
      async () => (await call(a, 'GET', '/v1/sync/runs?limit=50')).body.data,
      (runs: { id: number; outcome: string }[]) =>
        runIds.every((id) => runs.some((run) => run.id === id && run.outcome !== 'running')),
      180_000,
    );
    polling = false;
    await poller;
    // Caught up: nothing more to read.
    while ((await poll()) > 0);

    const runs = (await call(a, 'GET', '/v1/sync/runs?limit=50')).body.data;
    for (const id of runIds)
      expect(runs.find((run: { id: number }) => run.id === id)).toMatchObject({
        outcome: 'succeeded',
      });
    expect(written).toBe(targets.length);

    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    let all: number[];
    try {
      all = (await admin.query('select sequence from changes order by sequence')).rows.map(
        (row: { sequence: string }) => Number(row.sequence),
      );
    } finally {
      await admin.end();
    }
    // 6 000 created by the syncs and the writes' changes, at the least.
    expect(all.length).toBeGreaterThanOrEqual(6000);
    const missed = all.filter((sequence) => !seen.includes(sequence));
    expect({ missed: missed.length, firstMissed: missed.slice(0, 5) }).toEqual({
      missed: 0,
      firstMissed: [],
    });
    expect(seen).toEqual(all);
  });
});
