import { PostgresServer, startPostgres } from '@userbridge/directory/testing';
import { AUTH, BASE } from '../apps/vendor-sandbox/src/testing/sandbox-client';
import { allPages, syncAndWait } from './support/directory';
import { until } from './support/poll';
import { expectError, Stack, startStack, WRITE_KEY } from './support/stack';

/**
 * The directory end to end, on the embedded PostgreSQL (PGlite) and on a real
 * PostgreSQL server: sync, reads from the store, the change feed, stored
 * reconciliation with conflict ages and history, write-through, and a store
 * lost while running.
 */
describe.each(['pglite', 'postgres'] as const)('directory on %s (e2e)', (engine) => {
  jest.setTimeout(120_000);
  let server: PostgresServer | undefined;
  let stack: Stack;

  beforeAll(async () => {
    let databaseUrl: string | undefined;
    if (engine === 'postgres') {
      server = await startPostgres();
      databaseUrl = await server.createDatabase();
    }
    // A vendor timeout well above the slow desk's 600 ms: on a busy machine the
    // in-process embedded store can hold the event loop for a few hundred ms.
    stack = await startStack({
      databaseUrl,
      store: 'pglite',
      env: { VENDOR_BREAKER_MIN_CALLS: '10000', VENDOR_TIMEOUT_MS: '5000' },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await server?.stop();
  });

  const sandboxCall = (method: string, path: string, vendor: keyof typeof AUTH) =>
    fetch(`${stack.sandbox.url}${BASE[vendor]}${path}`, { method, headers: AUTH[vendor] });

  it('reads live and says so before any sync; the feed and the runs are empty', async () => {
    const users = await stack.call('GET', '/v1/users?limit=5');
    expect(users.status).toBe(200);
    expect(users.body.meta).toEqual({
      source: 'live',
      syncedAt: { convirza: null, desk: null, credira: null },
      notSynced: ['convirza', 'desk', 'credira'],
    });
    expectError(await stack.call('GET', '/v1/users?q=alice'), 400, 'invalid_request');
    expect((await stack.call('GET', '/v1/identities?limit=1')).body.meta).toEqual({
      source: 'live',
    });
    const runs = await stack.call('GET', '/v1/sync/runs');
    expect(runs.body).toEqual({ data: [], nextCursor: null, lastSuccess: {}, errors: [] });
    const changes = await stack.call('GET', '/v1/changes');
    expect(changes.body).toEqual({ data: [], nextAfter: 0, hasMore: false, errors: [] });
    expectError(await stack.call('GET', '/v1/users/desk:9001?source=store'), 404, 'not_found');
  });

  it('syncs on POST /v1/sync (write scope), answering a running run instead of a second one', async () => {
    expectError(await stack.call('POST', '/v1/sync'), 403, 'forbidden');
    expectError(
      await stack.call('POST', '/v1/sync?vendor=nope', { key: WRITE_KEY }),
      400,
      'invalid_request',
    );
    // A slow desk keeps its run going while the second POST arrives.
    stack.sandbox.setFault('desk', { latencyMs: 600 });
    const first = await stack.call('POST', '/v1/sync', { key: WRITE_KEY });
    expect(first.status).toBe(202);
    expect(first.body.data.map((run: any) => [run.vendor, run.outcome, run.started])).toEqual([
      ['convirza', 'running', true],
      ['desk', 'running', true],
      ['credira', 'running', true],
    ]);
    const desk = first.body.data.find((run: any) => run.vendor === 'desk');
    const second = await stack.call('POST', '/v1/sync?vendor=desk', { key: WRITE_KEY });
    expect(second.status).toBe(202);
    expect(second.body.data).toEqual([
      expect.objectContaining({ id: desk.id, vendor: 'desk', started: false }),
    ]);
    const ids = first.body.data.map((run: any) => run.id);
    const done = await until(
      'the first round to end',
      async () => (await stack.call('GET', '/v1/sync/runs')).body.data,
      (runs: any[]) =>
        runs.filter((r) => ids.includes(r.id) && r.outcome === 'succeeded').length === 3,
    );
    stack.sandbox.clearFaults();
    const byVendor = Object.fromEntries(done.map((run: any) => [run.vendor, run]));
    const stats = stack.sandbox.stats();
    expect(byVendor.desk.counts.usersRead).toBeGreaterThan(100);
    expect(byVendor.convirza.counts).toMatchObject({ deleted: 0, rejected: 0 });
    expect(byVendor.convirza.counts.created).toBe(byVendor.convirza.counts.usersRead);
    expect(stats.desk.total).toBeGreaterThan(0);
    const runs = await stack.call('GET', '/v1/sync/runs?vendor=desk&limit=1');
    expect(Object.keys(runs.body.lastSuccess).sort()).toEqual(['convirza', 'credira', 'desk']);
    expect(runs.body.data).toHaveLength(1);
    expect(runs.body.nextCursor).toBeNull();
    expectError(
      await stack.call('GET', '/v1/sync/runs?cursor=runs.forged'),
      400,
      'invalid_request',
    );
  });

  it('answers GET /v1/users from the store: keyset pages, filters, q and updatedSince', async () => {
    const first = await stack.call('GET', '/v1/users?limit=3');
    expect(first.body.meta.source).toBe('store');
    expect(Object.keys(first.body.meta.syncedAt)).toEqual(['convirza', 'desk', 'credira']);
    const everyone = await allPages(stack, '/v1/users?limit=200');
    const live = await allPages(stack, '/v1/users?limit=200&source=live');
    expect(everyone.map((u) => u.id).sort()).toEqual(live.map((u) => u.id).sort());
    expect(new Set(everyone.map((u) => u.id)).size).toBe(everyone.length);

    const alice = await stack.call('GET', '/v1/users?q=ALICE.w&limit=50');
    expect(alice.body.data.map((u: any) => u.id).sort()).toEqual([
      'convirza:50001',
      'credira:user_s01',
      'desk:9001',
    ]);
    const desk = await stack.call('GET', '/v1/users?vendor=desk&status=active&limit=200');
    expect(desk.body.data.every((u: any) => u.vendor === 'desk' && u.status === 'active')).toBe(
      true,
    );
    const future = await stack.call('GET', '/v1/users?updatedSince=2999-01-01T00:00:00Z');
    expect(future.body.data).toEqual([]);
    const past = await stack.call('GET', '/v1/users?updatedSince=2000-01-01T00:00:00Z&limit=1');
    expect(past.body.data).toHaveLength(1);
    expectError(
      await stack.call('GET', '/v1/users?updatedSince=yesterday'),
      400,
      'invalid_request',
    );
    // A cursor is tied to its filters and to the store.
    expectError(
      await stack.call('GET', `/v1/users?limit=3&status=active&cursor=${first.body.nextCursor}`),
      400,
      'invalid_request',
    );
    expectError(
      await stack.call('GET', `/v1/users?source=live&cursor=${first.body.nextCursor}`),
      400,
      'invalid_request',
    );
    expectError(await stack.call('GET', '/v1/users?cursor=s.bm9wZQ'), 400, 'invalid_request');
    const stored = await stack.call('GET', '/v1/users/desk:9001?source=store');
    expect(stored.body).toMatchObject({ id: 'desk:9001', status: 'deleted', deletedAt: null });
    expect(stored.body.vendorData).toBeUndefined();
  });

  it('keeps the change feed ordered and resumable, filtered by vendor and kind', async () => {
    const all: any[] = [];
    let after = 0;
    for (let page = 0; page < 100; page++) {
      const answer = await stack.call('GET', `/v1/changes?after=${after}&limit=100`);
      expect(answer.status).toBe(200);
      all.push(...answer.body.data);
      after = answer.body.nextAfter;
      if (!answer.body.hasMore) break;
    }
    const sequences = all.map((c) => c.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    // Besides the sync's user changes, the feed carries the reconciliation's gap events.
    const events = all.filter((c) => ['gap_opened', 'gap_resolved'].includes(c.kind));
    expect(events.every((c) => c.source === 'reconciliation')).toBe(true);
    const userChanges = all.filter((c) => !events.includes(c));
    expect(userChanges.length).toBeGreaterThan(0);
    expect(userChanges.every((c) => c.kind === 'created' && c.source === 'sync')).toBe(true);
    expect(JSON.stringify(all)).not.toMatch(/registration_password|vendorData/);
    const desk = await stack.call('GET', '/v1/changes?vendor=desk&kind=created,updated&limit=5');
    expect(desk.body.data.every((c: any) => c.vendor === 'desk')).toBe(true);
    expectError(
      await stack.call('GET', `/v1/changes?after=${after + 1000}`),
      400,
      'invalid_request',
    );
    expectError(await stack.call('GET', '/v1/changes?after=-1'), 400, 'invalid_request');
    expectError(await stack.call('GET', '/v1/changes?kind=renamed'), 400, 'invalid_request');
  });

  it('answers identities, CSV and summary from the stored run, with conflict ages', async () => {
    const gap = await stack.call(
      'GET',
      '/v1/identities?email=alice.walker@scenario.example&limit=5',
    );
    expect(gap.body.meta).toEqual({
      source: 'store',
      run: expect.objectContaining({ id: expect.any(Number), finishedAt: expect.any(String) }),
    });
    expect(gap.body.data[0].conflicts[0]).toMatchObject({
      type: 'status_mismatch',
      severity: 'high',
      firstSeenAt: expect.any(String),
    });
    const stored = await allPages(stack, '/v1/identities?limit=40');
    const live = await allPages(stack, '/v1/identities?limit=500&source=live');
    expect(stored.map((i) => i.id).sort()).toEqual(live.map((i) => i.id).sort());

    const csv = await stack.call('GET', '/v1/identities?format=csv&conflict=status_mismatch');
    expect(csv.headers.get('x-reconciliation-run')).toBe(String(gap.body.meta.run.id));
    expect(csv.text).toMatch(/alice\.walker@scenario\.example/);

    const summary = await stack.call('GET', '/v1/identities/summary');
    expect(summary.body.meta.run.id).toBe(gap.body.meta.run.id);
    expect(summary.body.oldestOpenGaps.length).toBeGreaterThan(0);
    expect(summary.body.oldestOpenGaps[0]).toMatchObject({
      activeVendor: expect.any(String),
      inactiveVendor: expect.any(String),
      firstSeenAt: expect.any(String),
    });
    expect((await stack.call('GET', '/v1/identities/summary?source=live')).body.meta).toEqual({
      source: 'live',
    });
    expectError(await stack.call('GET', '/v1/identities?cursor=r.e30'), 400, 'invalid_request');
  });

  it('keeps a listing on its run while a newer run lands', async () => {
    const first = await stack.call('GET', '/v1/identities?limit=10');
    const round = await syncAndWait(stack);
    expect(round.reconciliationRunId).not.toBe(first.body.meta.run.id);
    const next = await stack.call('GET', `/v1/identities?limit=10&cursor=${first.body.nextCursor}`);
    expect(next.status).toBe(200);
    expect(next.body.meta.run.id).toBe(first.body.meta.run.id);
    const fresh = await stack.call('GET', '/v1/identities?limit=10');
    expect(fresh.body.meta.run.id).toBe(round.reconciliationRunId);
  });

  it('writes through at once, records the change, and shows a gap closing in the history', async () => {
    const open = await stack.call('GET', '/v1/identities/history?identity=credira:user_s05');
    expect(open.status).toBe(200);
    const gap = open.body.data.find((entry: any) => entry.type === 'status_mismatch');
    expect(gap).toMatchObject({ resolvedAt: null, firstSeenAt: expect.any(String) });

    const latest = (await stack.call('GET', '/v1/changes?limit=1')).body;
    const patched = await stack.call('PATCH', '/v1/users/credira:user_s05', {
      key: WRITE_KEY,
      body: { status: 'active' },
    });
    expect(patched.status).toBe(200);
    const stored = await stack.call('GET', '/v1/users/credira:user_s05?source=store');
    expect(stored.body.status).toBe('active');
    const feed = await stack.call('GET', `/v1/changes?vendor=credira&kind=reactivated&limit=10`);
    expect(feed.body.data).toEqual([
      expect.objectContaining({
        userId: 'credira:user_s05',
        kind: 'reactivated',
        source: 'write',
        fields: expect.objectContaining({ status: expect.objectContaining({ after: 'active' }) }),
      }),
    ]);
    expect(feed.body.data[0].sequence).toBeGreaterThan(latest.nextAfter);

    await syncAndWait(stack);
    const closed = await stack.call('GET', '/v1/identities/history?identity=credira:user_s05');
    const entry = closed.body.data.find((e: any) => e.key === gap.key);
    expect(entry.firstSeenAt).toBe(gap.firstSeenAt);
    expect(entry.resolvedAt).toEqual(expect.any(String));
    expectError(
      await stack.call('GET', '/v1/identities/history?identity=nobody'),
      400,
      'invalid_request',
    );
  });

  it('marks a user gone at its vendor as deleted after a complete sync, with a deleted change', async () => {
    expect((await sandboxCall('DELETE', '/users/user_s12', 'credira')).status).toBe(200);
    const round = await syncAndWait(stack, 'credira');
    expect(round.runs[0]).toMatchObject({ outcome: 'succeeded', counts: { deleted: 1 } });
    const gone = await stack.call('GET', '/v1/users/credira:user_s12?source=store');
    expect(gone.body.deletedAt).toEqual(expect.any(String));
    const listed = await allPages(stack, '/v1/users?vendor=credira&limit=200');
    expect(listed.map((u) => u.id)).not.toContain('credira:user_s12');
    const feed = await stack.call('GET', '/v1/changes?kind=deleted');
    expect(feed.body.data.map((c: any) => c.userId)).toEqual(['credira:user_s12']);
    expectError(await stack.call('GET', '/v1/users/credira:user_s12'), 404, 'not_found');
  });

  it('replays an Idempotency-Key from the store', async () => {
    const body = {
      vendor: 'convirza',
      email: `idem.${engine}@example.com`,
      firstName: 'Idem',
      lastName: 'Potent',
      groups: [{ id: '1001' }],
      role: 'member',
    };
    const headers = { 'idempotency-key': `directory-${engine}` };
    const first = await stack.call('POST', '/v1/users', { key: WRITE_KEY, body, headers });
    expect(first.status).toBe(201);
    const again = await stack.call('POST', '/v1/users', { key: WRITE_KEY, body, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const stored = await stack.call('GET', `/v1/users/${first.body.id}?source=store`);
    expect(stored.body.email).toBe(body.email);
  });

  it('answers store reads 503 store_unavailable once the store is lost, while live reads work', async () => {
    if (server) await server.stop();
    else await stack.directory?.close();
    const users = await stack.call('GET', '/v1/users?limit=2');
    const error = expectError(users, 503, 'store_unavailable');
    expect(error.message).not.toMatch(/postgres:\/\//);
    expectError(await stack.call('GET', '/v1/changes'), 503, 'store_unavailable');
    expectError(await stack.call('GET', '/v1/identities/summary'), 503, 'store_unavailable');
    expectError(await stack.call('POST', '/v1/sync', { key: WRITE_KEY }), 503, 'store_unavailable');
    const live = await stack.call('GET', '/v1/users?limit=2&source=live');
    expect(live.status).toBe(200);
    expect(live.body.data).toHaveLength(2);
    expect((await stack.call('GET', '/v1/users/desk:9002')).status).toBe(200);
  });
});
