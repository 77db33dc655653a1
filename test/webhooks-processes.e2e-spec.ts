import { TestDatabase, testDatabase } from '@userbridge/directory/testing';
import { RunningSandbox, startSandbox } from '../apps/vendor-sandbox/src';
import { GatewayProcess, startGatewayProcess } from './support/gateway-process';
import { until } from './support/poll';
import { ADMIN_KEY, WRITE_KEY } from './support/stack';
import {
  Delivery,
  RECEIVER_CIDR,
  recordedAsEnded,
  WebhookReceiver,
} from './support/webhook-receiver';

/**
 * Webhooks delivered by two gateway processes sharing one PostgreSQL server:
 * every change of a sync at size and of concurrent writes reaches the
 * receiver, each message once per success, in feed order; a process killed
 * while a delivery is under way loses nothing.
 */
describe('webhooks from two gateway processes on one PostgreSQL (e2e)', () => {
  jest.setTimeout(480_000);
  let database: TestDatabase | undefined;
  let sandbox: RunningSandbox;
  let receiver: WebhookReceiver;
  let env: Record<string, string>;
  const gateways: GatewayProcess[] = [];

  const call = async (
    gateway: GatewayProcess,
    method: string,
    path: string,
    key: string,
    body?: unknown,
  ) => {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  const feed = async (gateway: GatewayProcess, after: number): Promise<any[]> => {
    const entries: any[] = [];
    for (let cursor = after; ;) {
      const page = await call(gateway, 'GET', `/v1/changes?after=${cursor}&limit=1000`, WRITE_KEY);
      entries.push(...page.body.data);
      cursor = page.body.nextAfter;
      if (!page.body.hasMore) return entries;
    }
  };

  const byId = (found: Delivery[]) => {
    const counts = new Map<string, Delivery[]>();
    for (const delivery of found)
      counts.set(delivery.webhookId, [...(counts.get(delivery.webhookId) ?? []), delivery]);
    return counts;
  };

  beforeAll(async () => {
    database = await testDatabase();
    const databaseUrl = database.url;
    sandbox = await startSandbox({ host: '127.0.0.1', port: 0, usersPerVendor: 400 });
    receiver = await WebhookReceiver.start();
    env = {
      ...sandbox.vendorEnv(),
      DATABASE_URL: databaseUrl,
      GATEWAY_API_KEYS: `${WRITE_KEY}:write,ops=${ADMIN_KEY}:admin`,
      SYNC_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOWED_CIDRS: RECEIVER_CIDR,
      WEBHOOK_RETRY_SCHEDULE: '0,50ms,100ms,200ms,400ms',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_POLL_INTERVAL_MS: '50',
    };
    // One after the other: both migrate the same database at boot.
    gateways.push(await startGatewayProcess(env));
    gateways.push(await startGatewayProcess(env));
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    await receiver?.close();
    await sandbox?.close();
    await database?.release();
  });

  it('delivers every change of a sync and concurrent writes, each once, in feed order', async () => {
    const created = await call(gateways[0], 'POST', '/v1/webhooks', ADMIN_KEY, {
      url: receiver.url('/all'),
    });
    expect(created.status).toBe(201);
    const { id, secret, after } = created.body.data;

    const writes = Array.from({ length: 12 }, (_, i) =>
      call(gateways[i % 2], 'POST', '/v1/users', WRITE_KEY, {
        vendor: 'convirza',
        email: `writer.${i}@example.com`,
        firstName: 'Writer',
        lastName: `N${i}`,
        groups: [{ id: '1001' }],
        role: 'member',
      }),
    );
    const syncs = gateways.map((gateway) => call(gateway, 'POST', '/v1/sync', WRITE_KEY));
    const answers = await Promise.all([...writes, ...syncs]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([
      ...Array(12).fill(201),
      202,
      202,
    ]);
    await until(
      'the runs to end',
      async () => (await call(gateways[1], 'GET', '/v1/sync/runs', WRITE_KEY)).body.data,
      (runs: any[]) => runs.length > 0 && runs.every((run) => run.outcome !== 'running'),
      300_000,
    );
    // Reconciliation follows the runs; let the feed settle before counting it.
    let entries = await feed(gateways[1], after);
    for (let stable = 0; stable < 3;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const again = await feed(gateways[1], after);
      stable = again.length === entries.length ? stable + 1 : 0;
      entries = again;
    }
    expect(entries.length).toBeGreaterThan(1200);

    const received = await until(
      'every change at the receiver',
      async () => receiver.at('/all'),
      (found) => byId(found).size >= entries.length,
      300_000,
    );
    const ids = byId(received);
    // The receiver answered every delivery 200: nothing was sent twice.
    expect([...ids.values()].filter((copies) => copies.length > 1)).toEqual([]);
    // Every change arrived, in sequence order, its data the feed's entry.
    expect(received.map((d) => d.event.data.sequence)).toEqual(entries.map((e) => e.sequence));
    expect(received.map((d) => d.event.data)).toEqual(entries);
    for (const delivery of received) WebhookReceiver.verify(delivery, secret);
    await call(gateways[0], 'DELETE', `/v1/webhooks/${id}`, ADMIN_KEY);
  });

  it('loses nothing when every process is killed while a delivery is under way', async () => {
    const created = await call(gateways[1], 'POST', '/v1/webhooks', ADMIN_KEY, {
      url: receiver.url('/kill'),
      events: ['user.updated'],
    });
    const { id, secret } = created.body.data;
    let first = true;
    receiver.reply('/kill', () => {
      if (!first) return 200;
      first = false;
      return 'hold';
    });
    expect(
      (
        await call(gateways[0], 'PATCH', '/v1/users/convirza:50003', WRITE_KEY, {
          lastName: 'Held',
        })
      ).status,
    ).toBe(200);
    await until(
      'the held delivery',
      async () => receiver.at('/kill'),
      (found) => found.length === 1,
    );
    // Whichever process holds the lease dies with it, mid-send.
    for (const gateway of gateways.splice(0)) {
      process.kill(gateway.pid, 'SIGKILL');
      await gateway.stop();
    }
    receiver.releaseHeld();
    gateways.push(await startGatewayProcess(env));
    expect(
      (
        await call(gateways[0], 'PATCH', '/v1/users/convirza:50003', WRITE_KEY, {
          lastName: 'After',
        })
      ).status,
    ).toBe(200);
    const got = await until(
      'the held message again, then the next',
      async () => receiver.at('/kill'),
      (found) => found.filter((d) => d.answered === 200).length >= 2,
      120_000,
    );
    expect(got.map((d) => d.event.data.fields.lastName.after)).toEqual(['Held', 'Held', 'After']);
    expect(got[1].webhookId).toBe(got[0].webhookId);
    for (const delivery of got) WebhookReceiver.verify(delivery, secret);
    const deliveries = await recordedAsEnded<any>(
      'both messages recorded as ended',
      async () =>
        (await call(gateways[0], 'GET', `/v1/webhooks/${id}/deliveries`, ADMIN_KEY)).body.data,
    );
    expect(deliveries.map((m: any) => m.status)).toEqual(['delivered', 'delivered']);
  });
});
