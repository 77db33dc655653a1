import { appendOffboardingCompleted } from '@userbridge/directory';
import { makeKeyEntry } from '../apps/gateway/src/config/api-keys';
import type { WebhookResolver } from '../apps/gateway/src/webhooks/ssrf-guard';
import { until } from './support/poll';
import { ADMIN_KEY, Answer, READ_KEY, Stack, startStack, WRITE_KEY } from './support/stack';
import {
  Delivery,
  RECEIVER_CIDR,
  recordedAsEnded,
  WebhookReceiver,
} from './support/webhook-receiver';

const LIMITED_KEY = 'test-desk-admin-key-0123456789';

/**
 * Webhooks against a receiver on loopback, with WEBHOOK_ALLOW_PRIVATE_TARGETS
 * unset: the receiver's one address is in WEBHOOK_ALLOWED_CIDRS, every other
 * private or loopback target is refused. Host names resolve through the
 * test's table (never DNS), so nothing is ever sent off this machine.
 */
describe('webhooks (e2e)', () => {
  jest.setTimeout(400_000);
  let stack: Stack;
  let receiver: WebhookReceiver;
  /** The rebinding host answers a public address once (the registration check), loopback ever after. */
  let rebindAnswers = 0;
  const resolver: WebhookResolver = async (host) => {
    const table: Record<string, string[]> = {
      'receiver.test': ['127.0.0.2'],
      'metadata.test': ['169.254.169.254'],
      'intranet.test': ['10.0.0.7'],
      'v6.test': ['fd00::7'],
      'localhost.test': ['127.0.0.1'],
    };
    if (host === 'rebind.test')
      table[host] = [rebindAnswers++ === 0 ? '93.184.216.34' : '127.0.0.1'];
    const found = table[host];
    if (!found) throw Object.assign(new Error(`no answer for ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  const admin = <T = any>(method: string, path: string, body?: unknown): Promise<Answer<T>> =>
    stack.call<T>(method, path, { key: ADMIN_KEY, body });
  const write = (method: string, path: string, body?: unknown) =>
    stack.call(method, path, { key: method === 'DELETE' ? ADMIN_KEY : WRITE_KEY, body });

  async function register(path: string, extra: Record<string, unknown> = {}, key = ADMIN_KEY) {
    const answer = await stack.call('POST', '/v1/webhooks', {
      key,
      body: { url: receiver.url(path), ...extra },
    });
    expect(answer.status).toBe(201);
    return answer.body.data as { id: string; secret: string; after: number };
  }

  const feed = async (after: number): Promise<any[]> => {
    const entries: any[] = [];
    for (let cursor = after; ;) {
      const page = await stack.call('GET', `/v1/changes?after=${cursor}&limit=1000`);
      entries.push(...page.body.data);
      cursor = page.body.nextAfter;
      if (!page.body.hasMore) return entries;
    }
  };

  const recorded = (endpointId: string) =>
    recordedAsEnded<any>(
      'every message of the endpoint recorded as ended',
      async () => (await admin('GET', `/v1/webhooks/${endpointId}/deliveries`)).body.data,
    );
  const settled = (path: string, count: number) =>
    until(
      `${count} deliveries at ${path}`,
      async () => receiver.at(path),
      (found) => found.length >= count,
      60_000,
    );

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    stack = await startStack({
      env: {
        WEBHOOK_ALLOWED_CIDRS: RECEIVER_CIDR,
        WEBHOOK_RETRY_SCHEDULE: '0,50ms,100ms',
        WEBHOOK_TIMEOUT_MS: '5000',
        WEBHOOK_POLL_INTERVAL_MS: '50',
      },
      apiKeys: [makeKeyEntry(LIMITED_KEY, 'desk-admin', ['admin'], ['desk'])],
      webhookResolver: resolver,
    });
  });
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
  });

  it('refuses private targets at registration, naming url, in every spelling', async () => {
    for (const url of [
      'http://127.0.0.1/hook',
      'http://127.1/hook',
      'http://2130706433/hook',
      'http://0x7f.1/hook',
      'http://017700000001/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::1]/hook',
      'http://0.0.0.0/hook',
      'https://localhost.test/hook',
      'https://metadata.test/latest',
      'https://169.254.169.254/latest',
      'https://intranet.test/hook',
      'https://v6.test/hook',
      'https://[fe80::1]/hook',
      'ftp://receiver.test/hook',
      'https://nowhere.test/hook',
    ]) {
      const answer = await admin('POST', '/v1/webhooks', { url });
      expect({ url, status: answer.status, code: answer.body.error?.code }).toEqual({
        url,
        status: 400,
        code: 'invalid_request',
      });
      expect(answer.body.error.details.fields[0].field).toBe('url');
    }
    // Webhooks are an admin matter.
    expect((await write('POST', '/v1/webhooks', { url: receiver.url('/x') })).status).toBe(403);
    expect((await stack.call('GET', '/v1/webhooks', { key: READ_KEY })).status).toBe(403);
    expect(
      (await admin('POST', '/v1/webhooks', { url: receiver.url('/x'), events: ['nope'] })).status,
    ).toBe(400);
    expect(receiver.deliveries).toEqual([]);
  });

  it('refuses at send time a host whose DNS answer changed to loopback after registration', async () => {
    const endpoint = await register('/unused');
    const rebound = await admin('POST', '/v1/webhooks', { url: 'https://rebind.test/hook' });
    expect(rebound.status).toBe(201);
    // Disable the other one: only the rebound endpoint gets the ping.
    await admin('DELETE', `/v1/webhooks/${endpoint.id}`);
    expect((await admin('POST', `/v1/webhooks/${rebound.body.data.id}/ping`)).status).toBe(202);
    const deliveries = await until(
      'the refused attempt',
      async () => (await admin('GET', `/v1/webhooks/${rebound.body.data.id}/deliveries`)).body.data,
      (found: any[]) => found.length > 0 && found[0].history.length > 0,
    );
    expect(deliveries[0].history[0]).toMatchObject({ outcome: 'refused', statusCode: null });
    await admin('DELETE', `/v1/webhooks/${rebound.body.data.id}`);
    expect(receiver.deliveries).toEqual([]);
  });

  it('delivers every event type, each verified by standardwebhooks, each data the feed entry verbatim', async () => {
    const all = await register('/all', { description: 'everything' });
    const limited = await register('/limited', {}, LIMITED_KEY);
    expect(all.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // Starts at the end of the feed: nothing from before.
    expect(all.after).toBe((await feed(0)).at(-1)?.sequence ?? 0);

    expect((await admin('POST', `/v1/webhooks/${all.id}/ping`)).status).toBe(202);
    // A sync creates every user and the stored reconciliation opens the seeded gaps.
    expect((await write('POST', '/v1/sync')).status).toBe(202);
    await until(
      'the seeded gaps',
      async () => await feed(all.after),
      (entries) => entries.some((entry) => entry.kind === 'gap_opened'),
      200_000,
    );
    // The suspended-in-credira gap: active at convirza only. Deactivated there, it closes.
    expect((await write('PATCH', '/v1/users/convirza:50005', { status: 'inactive' })).status).toBe(
      200,
    );
    expect((await write('PATCH', '/v1/users/convirza:50005', { status: 'active' })).status).toBe(
      200,
    );
    expect((await write('PATCH', '/v1/users/convirza:50005', { lastName: 'Renamed' })).status).toBe(
      200,
    );
    expect((await write('PATCH', '/v1/users/convirza:50005', { status: 'inactive' })).status).toBe(
      200,
    );
    const created = await write('POST', '/v1/users', {
      vendor: 'convirza',
      email: 'webhook.person@example.com',
      firstName: 'Web',
      lastName: 'Hook',
      groups: [{ id: '1001' }],
      role: 'member',
    });
    expect(created.status).toBe(201);
    expect((await write('DELETE', `/v1/users/${created.body.id}`)).status).toBe(204);
    expect((await write('POST', '/v1/sync')).status).toBe(202);
    await until(
      'the closed gap',
      async () => await feed(all.after),
      (entries) => entries.some((entry) => entry.kind === 'gap_resolved'),
      200_000,
    );
    // Offboarding runs record their completion through the directory function they call.
    await stack.directory!.transaction((tx) =>
      appendOffboardingCompleted(tx, {
        runId: 1,
        planId: 'pln_e2e',
        identityId: 'idn_e2e',
        connections: ['convirza', 'desk'],
      }),
    );

    const entries = await feed(all.after);
    // At least once: a delivery repeated (a lease that ran out on a loaded machine) is one event.
    const once = (found: Delivery[]) => [
      ...new Map(found.map((d) => [d.webhookId, d] as const)).values(),
    ];
    const delivered = once(
      await until(
        'every entry at /all',
        async () => receiver.at('/all'),
        (found) => once(found).length >= entries.length + 1,
        120_000,
      ),
    );
    for (const delivery of receiver.at('/all')) WebhookReceiver.verify(delivery, all.secret);
    expect(new Set(delivered.map((d) => d.event.type))).toEqual(
      new Set([
        'webhook.ping',
        'user.created',
        'user.updated',
        'user.deactivated',
        'user.reactivated',
        'user.deleted',
        'identity.gap_opened',
        'identity.gap_resolved',
        'offboarding.completed',
      ]),
    );
    const events = delivered.filter((d) => d.event.type !== 'webhook.ping');
    // Each entry once, in sequence order, its data the feed's entry verbatim.
    expect(events.map((d) => d.event.data)).toEqual(entries);
    expect(new Set(events.map((d) => d.webhookId)).size).toBe(entries.length);
    expect(Math.max(...delivered.map((d) => Buffer.byteLength(d.body)))).toBeLessThan(20_000);

    // The desk-limited key's endpoint got only what touches desk alone, and lists only its own.
    const limitedEvents = receiver.at('/limited');
    const deskOnly = entries.filter((e) =>
      (e.connections ?? [e.connection]).every((c: string) => c === 'desk'),
    );
    expect(limitedEvents.map((d) => d.event.data.sequence)).toEqual(
      deskOnly.map((e) => e.sequence),
    );
    expect(deskOnly.length).toBeGreaterThan(0);
    const listed = await stack.call('GET', '/v1/webhooks', { key: LIMITED_KEY });
    expect(listed.body.data.map((e: any) => e.id)).toEqual([limited.id]);
    expect((await stack.call('GET', `/v1/webhooks/${all.id}`, { key: LIMITED_KEY })).status).toBe(
      404,
    );
    expect((await admin('GET', '/v1/webhooks')).body.data.map((e: any) => e.id)).toEqual(
      expect.arrayContaining([all.id, limited.id]),
    );
    // GET never shows the secret.
    expect(JSON.stringify((await admin('GET', `/v1/webhooks/${all.id}`)).body)).not.toContain(
      all.secret,
    );

    // Replay from a sequence: the same events again, with the same webhook-ids.
    const from = entries[entries.length - 3].sequence - 1;
    const before = receiver.at('/all').length;
    expect((await admin('POST', `/v1/webhooks/${all.id}/replay`, { after: from })).status).toBe(
      202,
    );
    const replayed = once((await settled('/all', before + 3)).slice(before));
    expect(replayed.map((d) => d.webhookId)).toEqual(events.slice(-3).map((d) => d.webhookId));
    expect(replayed.map((d) => d.body)).toEqual(events.slice(-3).map((d) => d.body));
    expect((await admin('POST', `/v1/webhooks/${all.id}/replay`, { after: 10 ** 12 })).status).toBe(
      400,
    );

    // Metrics and one log line per attempt, never the secret or the body.
    const metrics = await stack.call('GET', '/metrics', { key: null });
    expect(metrics.text).toContain(
      `userbridge_webhook_deliveries_total{endpoint="${all.id}",outcome="succeeded"}`,
    );
    expect(metrics.text).toContain('userbridge_webhook_queue_depth');
    const lines = stack.logs.filter((line) => line.includes('"webhook"') && line.includes(all.id));
    expect(lines.length).toBeGreaterThanOrEqual(delivered.length);
    for (const line of lines) {
      expect(line).not.toContain(all.secret.slice(6));
      expect(line).not.toContain('webhook.person@example.com');
    }
    await admin('DELETE', `/v1/webhooks/${all.id}`);
    await admin('DELETE', `/v1/webhooks/${limited.id}`);
  });

  it('retries with the same webhook-id and holds the next event until the oldest succeeds', async () => {
    const flaky = await register('/flaky', { events: ['user.updated'] });
    let failures = 0;
    receiver.reply('/flaky', () => (failures++ < 2 ? 500 : 200));
    expect((await write('PATCH', '/v1/users/convirza:50003', { lastName: 'One' })).status).toBe(
      200,
    );
    expect((await write('PATCH', '/v1/users/convirza:50003', { lastName: 'Two' })).status).toBe(
      200,
    );
    const got = await settled('/flaky', 4);
    expect(got.map((d) => d.answered)).toEqual([500, 500, 200, 200]);
    expect(got[0].webhookId).toBe(got[1].webhookId);
    expect(got[1].webhookId).toBe(got[2].webhookId);
    expect(got[3].webhookId).not.toBe(got[0].webhookId);
    expect(got[3].event.data.fields.lastName.after).toBe('Two');
    expect(got[3].receivedAt).toBeGreaterThanOrEqual(got[2].receivedAt);
    for (const delivery of got) WebhookReceiver.verify(delivery, flaky.secret);
    const history = await recorded(flaky.id);
    expect(history.map((m: any) => m.status)).toEqual(['delivered', 'delivered']);
    expect(history[1].history.map((a: any) => a.statusCode)).toEqual([500, 500, 200]);
    await admin('DELETE', `/v1/webhooks/${flaky.id}`);
  });

  it('marks a message failed after its last retry, redelivers it on request, and moves on', async () => {
    const down = await register('/down', { events: ['user.updated'] });
    receiver.reply('/down', (d) => (d.event.data.fields?.lastName?.after === 'Lost' ? 503 : 200));
    await write('PATCH', '/v1/users/convirza:50004', { lastName: 'Lost' });
    await write('PATCH', '/v1/users/convirza:50004', { lastName: 'Next' });
    const got = await settled('/down', 4);
    expect(got.map((d) => d.answered)).toEqual([503, 503, 503, 200]);
    const [next, failed] = await recorded(down.id);
    expect([failed.status, next.status]).toEqual(['failed', 'delivered']);
    receiver.reply('/down', () => 200);
    const again = await admin(
      'POST',
      `/v1/webhooks/${down.id}/deliveries/${failed.messageId}/redeliver`,
    );
    expect(again.status).toBe(202);
    const redelivered = (await settled('/down', 5))[4];
    expect(redelivered.webhookId).toBe(got[0].webhookId);
    expect(
      (await admin('POST', `/v1/webhooks/${down.id}/deliveries/999999999/redeliver`)).status,
    ).toBe(404);
    await admin('DELETE', `/v1/webhooks/${down.id}`);
  });

  it('disables an endpoint answering 410 and resumes where it stopped when enabled again', async () => {
    const gone = await register('/gone', { events: ['user.updated'] });
    receiver.reply('/gone', () => 410);
    await write('PATCH', '/v1/users/convirza:50002', { lastName: 'Gone' });
    await settled('/gone', 1);
    const disabled = await until(
      'the endpoint disabled',
      async () => (await admin('GET', `/v1/webhooks/${gone.id}`)).body.data,
      (endpoint: any) => endpoint.enabled === false,
    );
    expect(disabled.disabledReason).toBe('gone');
    await write('PATCH', '/v1/users/convirza:50002', { lastName: 'Later' });
    receiver.reply('/gone', () => 200);
    expect(
      (await admin('PATCH', `/v1/webhooks/${gone.id}`, { enabled: true })).body.data,
    ).toMatchObject({
      enabled: true,
      disabledReason: null,
    });
    const got = await settled('/gone', 3);
    expect(got.map((d) => d.event.data.fields.lastName.after)).toEqual(['Gone', 'Gone', 'Later']);
    expect(got[1].webhookId).toBe(got[0].webhookId);
    await admin('DELETE', `/v1/webhooks/${gone.id}`);
  });

  it('signs with both secrets during a rotation overlap, each verifying on its own', async () => {
    const rotating = await register('/rotate');
    const rotated = await admin('POST', `/v1/webhooks/${rotating.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.secret).not.toBe(rotating.secret);
    expect(Date.parse(rotated.body.data.previousSecretUntil)).toBeGreaterThan(
      Date.now() + 23 * 3_600_000,
    );
    await admin('POST', `/v1/webhooks/${rotating.id}/ping`);
    const [ping] = await settled('/rotate', 1);
    expect(ping.event.type).toBe('webhook.ping');
    expect(ping.signatures).toHaveLength(2);
    expect(WebhookReceiver.verify(ping, rotated.body.data.secret)).toEqual(ping.event);
    expect(WebhookReceiver.verify(ping, rotating.secret)).toEqual(ping.event);
    const unrelated = await register('/unrelated');
    expect(() => WebhookReceiver.verify(ping as Delivery, unrelated.secret)).toThrow();
    await admin('DELETE', `/v1/webhooks/${rotating.id}`);
    await admin('DELETE', `/v1/webhooks/${unrelated.id}`);
    expect((await admin('GET', `/v1/webhooks/${rotating.id}`)).status).toBe(404);
  });

  it('pages endpoints and deliveries with the one cursor, refusing a foreign or damaged one', async () => {
    /** Every page of a listing, following each nextCursor exactly as returned. */
    const pages = async (path: string, key = ADMIN_KEY): Promise<any[][]> => {
      const found: any[][] = [];
      for (let cursor: string | null = null; found.length < 50;) {
        const separator = path.includes('?') ? '&' : '?';
        const page: Answer<any> = await stack.call(
          'GET',
          cursor === null ? path : `${path}${separator}cursor=${encodeURIComponent(cursor)}`,
          { key },
        );
        expect(page.status).toBe(200);
        found.push(page.body.data);
        cursor = page.body.nextCursor;
        if (cursor === null) return found;
      }
      throw new Error(`${path} did not end`);
    };
    const refusal = async (path: string, problem: RegExp) => {
      const answer = await admin('GET', path);
      expect({ status: answer.status, code: answer.body.error?.code }).toEqual({
        status: 400,
        code: 'invalid_request',
      });
      expect(answer.body.error.message).toMatch(problem);
      expect(answer.body.error.details.fields[0].field).toBe('cursor');
    };

    const endpoints = [
      await register('/paged', { events: ['user.deleted'] }),
      await register('/paged', { events: ['user.deleted'] }),
      await register('/paged', { events: ['user.deleted'] }),
    ];
    const limited = await register('/paged', { events: ['user.deleted'] }, LIMITED_KEY);
    const everyId = (await admin('GET', '/v1/webhooks?limit=200')).body.data.map((e: any) => e.id);
    const paged = await pages('/v1/webhooks?limit=1');
    expect(paged.every((page) => page.length === 1)).toBe(true);
    expect(paged.flat().map((e) => e.id)).toEqual(everyId);
    expect(everyId).toEqual(expect.arrayContaining([...endpoints, limited].map((e) => e.id)));
    // A limited key pages its own endpoints only; a cursor of every endpoint is not one of its own.
    expect((await pages('/v1/webhooks?limit=1', LIMITED_KEY)).flat().map((e) => e.id)).toEqual([
      limited.id,
    ]);
    const firstPage = await admin('GET', '/v1/webhooks?limit=1');
    const listCursor = firstPage.body.nextCursor as string;
    const asLimited = await stack.call(
      'GET',
      `/v1/webhooks?limit=1&cursor=${encodeURIComponent(listCursor)}`,
      { key: LIMITED_KEY },
    );
    expect(asLimited.status).toBe(400);
    expect(asLimited.body.error.message).toMatch(/issued for other filters/);

    const [one, two] = endpoints;
    for (let n = 0; n < 3; n++)
      expect((await admin('POST', `/v1/webhooks/${one.id}/ping`)).status).toBe(202);
    const messages = (await admin('GET', `/v1/webhooks/${one.id}/deliveries`)).body.data;
    expect(messages).toHaveLength(3);
    const pagedMessages = await pages(`/v1/webhooks/${one.id}/deliveries?limit=1`);
    expect(pagedMessages.every((page) => page.length === 1)).toBe(true);
    expect(pagedMessages.flat().map((m) => m.messageId)).toEqual(
      messages.map((m: any) => m.messageId),
    );
    const messagesCursor = (await admin('GET', `/v1/webhooks/${one.id}/deliveries?limit=1`)).body
      .nextCursor as string;

    // Each listing refuses the other's cursor, another endpoint's, and a damaged one, the same way.
    await refusal(
      `/v1/webhooks?cursor=${encodeURIComponent(messagesCursor)}`,
      /issued by another listing/,
    );
    await refusal(
      `/v1/webhooks/${one.id}/deliveries?cursor=${encodeURIComponent(listCursor)}`,
      /issued by another listing/,
    );
    await refusal(
      `/v1/webhooks/${two.id}/deliveries?cursor=${encodeURIComponent(messagesCursor)}`,
      /issued for other filters/,
    );
    const damaged = Buffer.from(
      Buffer.from(listCursor, 'base64url').toString('utf8').replace('"after":"', '"after":7,"x":"'),
    ).toString('base64url');
    await refusal(`/v1/webhooks?cursor=${damaged}`, /position is damaged/);
    await refusal('/v1/webhooks?cursor=wh_8Kq2mZ4tPp1xYb7c', /not valid/);
    await refusal(`/v1/webhooks/${one.id}/deliveries?cursor=9001`, /not valid/);

    for (const endpoint of [...endpoints, limited])
      expect((await admin('DELETE', `/v1/webhooks/${endpoint.id}`)).status).toBe(204);
  });
});
