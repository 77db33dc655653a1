import { ADMIN_KEY, expectError, READ_KEY, Stack, startStack, WRITE_KEY } from './support/stack';
import { until } from './support/poll';

/**
 * Offboarding through the real gateway and the sandbox: plans read live and
 * write nothing; runs deactivate where each vendor can, delete only with an
 * admin key and the connection named, resume after a vendor failure without
 * repeating a write, and the gap closes in the next reconciliation.
 */
describe('offboarding (e2e)', () => {
  jest.setTimeout(300_000);
  let stack: Stack;
  let keys = 0;
  const nextKey = () => `offboarding-e2e-${++keys}`;

  /** Every write request the sandbox received, per vendor and route (GETs left out). */
  const writes = (): Record<string, number> => {
    const counted: Record<string, number> = {};
    for (const [vendor, stats] of Object.entries(stack.sandbox.stats()))
      for (const [route, count] of Object.entries(stats.requests))
        if (!route.startsWith('GET ')) counted[`${vendor} ${route}`] = count;
    return counted;
  };

  const identityOf = async (account: string): Promise<string> => {
    const answer = await stack.call('GET', `/v1/identities/history?identity=${account}`);
    expect(answer.status).toBe(200);
    return answer.body.data[0].identityId as string;
  };

  const plan = (body: unknown, key = WRITE_KEY) =>
    stack.call('POST', '/v1/offboarding/plans', { key, body });

  const execute = (id: string, body: unknown, key = WRITE_KEY, idempotencyKey = nextKey()) =>
    stack.call('POST', `/v1/offboarding/plans/${id}/execute`, {
      key,
      body,
      headers: { 'idempotency-key': idempotencyKey },
    });

  const finished = (runId: string) =>
    until(
      `run ${runId} to end`,
      async () => (await stack.call('GET', `/v1/offboarding/runs/${runId}`)).body,
      (run) => run.status !== 'running',
    );

  const stepOf = (steps: { account: string }[], account: string) =>
    steps.find((step) => step.account === account);

  beforeAll(async () => {
    stack = await startStack({
      // A generous vendor deadline: on a loaded machine a timed-out write would be retried by
      // the HTTP client and counted twice by the sandbox, which is not what these tests count.
      env: {
        OFFBOARDING_CONCURRENCY: '2',
        VENDOR_BREAKER_MIN_CALLS: '10000',
        VENDOR_TIMEOUT_MS: '10000',
      },
    });
    // The identities and their gaps come from the stored reconciliation of a full sync of
    // every vendor (a vendor not read would hide its gaps).
    const read = async () =>
      (await stack.call('GET', '/v1/identities?limit=1')).body.meta?.run as
        { id: number; vendorsRead: string[] } | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = (await read())?.id ?? 0;
      expect((await stack.call('POST', '/v1/sync', { key: WRITE_KEY })).status).toBe(202);
      const run = await until(
        'a stored reconciliation',
        read,
        (r) => (r?.id ?? 0) > before,
        60_000,
      );
      if (run?.vendorsRead.length === 3) return;
    }
    throw new Error('no reconciliation read every vendor');
  });
  afterAll(() => stack?.close());

  it('builds a gaps plan in the background, paged, without writing', async () => {
    stack.sandbox.resetStats();
    const made = await plan({ gaps: { vendor: 'desk', olderThanDays: 0 } });
    expect(made.status).toBe(202);
    expect(made.body).toMatchObject({ status: 'building', hash: null, steps: [] });
    const ready = await until(
      'the gaps plan to be ready',
      async () => (await stack.call('GET', `/v1/offboarding/plans/${made.body.id}?limit=1`)).body,
      (body) => body.status !== 'building',
    );
    expect(ready.status).toBe('ready');
    expect(ready.stepCount).toBeGreaterThanOrEqual(1);
    expect(ready.steps).toHaveLength(1);
    for (const step of ready.steps) expect(step.vendor).toBe('desk');
    if (ready.stepCount > 1) {
      const next = await stack.call(
        'GET',
        `/v1/offboarding/plans/${made.body.id}?limit=1&cursor=${ready.nextCursor}`,
      );
      expect(next.body.steps[0].account).not.toBe(ready.steps[0].account);
    } else expect(ready.nextCursor).toBeNull();
    expect(writes()).toEqual({});
    expectError(await plan({ gaps: {}, account: 'desk:9001' }), 400, 'invalid_request');
  });

  it('plans an identity with a gap from live reads, writing nothing; executes it past a failing vendor and resumes without repeating a write; the gap closes', async () => {
    const identity = await identityOf('convirza:50001');
    stack.sandbox.resetStats();
    const made = await plan({ identity });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'ready', stepCount: 3 });
    expect(typeof made.body.hash).toBe('string');
    expect(Date.parse(made.body.expiresAt)).toBeGreaterThan(Date.parse(made.body.createdAt));
    expect(made.body.steps).toEqual(
      expect.arrayContaining([
        {
          account: 'convirza:50001',
          connection: 'convirza',
          vendor: 'convirza',
          currentStatus: 'active',
          action: 'deactivate',
          reversible: true,
        },
        expect.objectContaining({ account: 'desk:9001', currentStatus: 'deleted', action: 'none' }),
        expect.objectContaining({ account: 'credira:user_s01', action: 'deactivate' }),
      ]),
    );
    // Read live, at each vendor; written nowhere.
    const stats = stack.sandbox.stats();
    expect(stats.convirza.requests['GET /users/:id']).toBeGreaterThanOrEqual(1);
    expect(stats.credira.requests['GET /users/:id']).toBeGreaterThanOrEqual(1);
    expect(writes()).toEqual({});

    // Refusals, each in the documented shape, none writing anything.
    expectError(await execute(made.body.id, { hash: made.body.hash }, READ_KEY), 403, 'forbidden');
    const wrong = expectError(
      await execute(made.body.id, { hash: 'not-the-hash' }),
      409,
      'conflict',
    );
    expect(wrong.details).toMatchObject({ reason: 'hash_mismatch' });
    expectError(
      await stack.call('POST', `/v1/offboarding/plans/${made.body.id}/execute`, {
        key: WRITE_KEY,
        body: { hash: made.body.hash },
      }),
      400,
      'invalid_request',
    );
    expect(writes()).toEqual({});

    // Credira refuses every status write with a 500: the others are done all the same.
    stack.sandbox.setFault('credira', { mode: '500', method: 'PUT' });
    const firstKey = nextKey();
    const started = await execute(made.body.id, { hash: made.body.hash }, WRITE_KEY, firstKey);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ planId: made.body.id, status: 'running' });
    const partial = await finished(started.body.id);
    expect(partial.status).toBe('partial');
    expect(stepOf(partial.steps, 'convirza:50001')).toMatchObject({ outcome: 'succeeded' });
    expect(stepOf(partial.steps, 'desk:9001')).toMatchObject({ outcome: 'skipped' });
    expect(stepOf(partial.steps, 'credira:user_s01')).toMatchObject({
      outcome: 'failed',
      errorCode: 'vendor_error',
      retryable: true,
    });
    expect(writes()['convirza PATCH /users/:id']).toBe(1);
    expect(writes()['desk PUT /users/:id']).toBeUndefined();
    const live = await stack.call('GET', '/v1/users/convirza:50001');
    expect(live.body.status).toBe('inactive');

    // The same key replays the first answer: no new run, no write.
    stack.sandbox.clearFaults();
    stack.sandbox.resetStats();
    const replay = await execute(made.body.id, { hash: made.body.hash }, WRITE_KEY, firstKey);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual(started.body);
    expect(writes()).toEqual({});

    // A new key resumes the one run: only Credira is written, once.
    const resumed = await execute(made.body.id, { hash: made.body.hash });
    expect(resumed.status).toBe(202);
    expect(resumed.body.id).toBe(started.body.id);
    const done = await finished(resumed.body.id);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done.steps, 'credira:user_s01')).toMatchObject({ outcome: 'succeeded' });
    expect(stepOf(done.steps, 'convirza:50001')).toMatchObject({ outcome: 'succeeded' });
    expect(writes()).toEqual({ 'credira PUT /users/:id': 1 });

    // Each write is audited as the run's, with the executing key's label.
    const audit = await stack.call('GET', '/v1/audit?target=credira:user_s01&limit=50', {
      key: ADMIN_KEY,
    });
    expect(audit.status).toBe(200);
    const ofRun = (
      audit.body.data as { offboardingRunId: string | null; outcome: string; actor: string }[]
    ).filter((entry) => entry.offboardingRunId === done.id);
    expect(ofRun.map((entry) => entry.outcome).sort()).toEqual(['succeeded', 'unknown']);
    for (const entry of ofRun) expect(entry.actor).not.toContain(WRITE_KEY);

    // The change feed says the run completed, once per end.
    const feed = await stack.call('GET', '/v1/changes?kind=offboarding_completed&limit=200');
    expect(feed.status).toBe(200);
    const ends = (
      feed.body.data as { kind: string; details?: { runId?: string; status?: string } }[]
    )
      .filter((entry) => entry.details?.runId === done.id)
      .map((entry) => entry.details?.status);
    expect(ends).toEqual(['partial', 'succeeded']);

    // The write path wrote it through: the directory and the change feed know.
    const stored = await stack.call('GET', '/v1/users/credira:user_s01?source=store');
    expect(stored.body.status).toBe('inactive');

    // The next reconciliation (made when the run ends) closes the gap.
    const history = await until(
      'the gap to resolve',
      async () =>
        (await stack.call('GET', `/v1/identities/history?identity=${identity}`)).body.data as {
          type: string;
          resolvedAt: string | null;
        }[],
      (entries) =>
        entries.some((entry) => entry.type === 'status_mismatch' && entry.resolvedAt !== null),
    );
    expect(history.find((entry) => entry.type === 'status_mismatch')?.resolvedAt).not.toBeNull();
  });

  it('leaves a suspended Credira account untouched and deletes only with an admin key and the connection named', async () => {
    const identity = await identityOf('convirza:50005');
    stack.sandbox.resetStats();
    const made = await plan({ identity, delete: ['convirza'] });
    expect(made.status).toBe(201);
    expect(stepOf(made.body.steps, 'credira:user_s05')).toMatchObject({
      currentStatus: 'inactive',
      action: 'none',
    });
    expect(stepOf(made.body.steps, 'convirza:50005')).toMatchObject({
      action: 'delete',
      reversible: false,
      reason: expect.stringContaining('soft delete'),
    });

    const notAdmin = expectError(
      await execute(made.body.id, { hash: made.body.hash }),
      403,
      'forbidden',
    );
    expect(notAdmin.message).toContain('admin');
    const unnamed = expectError(
      await execute(made.body.id, { hash: made.body.hash, confirmDelete: ['desk'] }, ADMIN_KEY),
      400,
      'invalid_request',
    );
    expect(unnamed.details).toMatchObject({ missing: ['convirza'] });
    expect(writes()).toEqual({});

    const run = await execute(
      made.body.id,
      { hash: made.body.hash, confirmDelete: ['convirza'] },
      ADMIN_KEY,
    );
    expect(run.status).toBe(202);
    const done = await finished(run.body.id);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done.steps, 'convirza:50005')).toMatchObject({
      action: 'delete',
      outcome: 'succeeded',
    });
    expect(writes()).toEqual({ 'convirza DELETE /users/:id': 1 });
    const suspended = await stack.call('GET', '/v1/users/credira:user_s05?include=vendorData');
    expect(suspended.body.vendorData.status).toBe('suspended');
  });

  it('deactivates at the desk when asked to delete there, saying why; an inactive desk account is unsupported', async () => {
    const made = await plan({ identity: await identityOf('desk:9006'), delete: ['desk'] });
    expect(made.status).toBe(201);
    expect(stepOf(made.body.steps, 'desk:9006')).toMatchObject({
      currentStatus: 'active',
      action: 'deactivate',
      reversible: true,
      reason: expect.stringContaining('deactivated instead'),
    });
    expect(stepOf(made.body.steps, 'convirza:50006')).toMatchObject({ action: 'none' });
    stack.sandbox.resetStats();
    // No step deletes: a write key may execute it.
    const run = await execute(made.body.id, { hash: made.body.hash });
    expect((await finished(run.body.id)).status).toBe('succeeded');
    expect(writes()).toEqual({ 'desk PUT /users/:id': 1 });
    expect((await stack.call('GET', '/v1/users/desk:9006')).body.status).toBe('inactive');

    const again = await plan({ account: 'desk:9006', delete: ['desk'] });
    expect(again.body.steps).toEqual([
      expect.objectContaining({
        account: 'desk:9006',
        action: 'unsupported',
        reason: expect.stringContaining('cannot delete'),
      }),
    ]);
  });

  it('refuses a plan whose account changed since it was made, naming it', async () => {
    const made = await plan({ account: 'convirza:50002' });
    expect(made.body.steps[0]).toMatchObject({ action: 'deactivate', currentStatus: 'active' });
    const changed = await stack.call('PATCH', '/v1/users/convirza:50002', {
      key: WRITE_KEY,
      body: { status: 'inactive' },
    });
    expect(changed.status).toBe(200);
    const refused = expectError(
      await execute(made.body.id, { hash: made.body.hash }),
      409,
      'conflict',
    );
    expect(refused.details).toMatchObject({
      reason: 'accounts_changed',
      accounts: [{ account: 'convirza:50002', planned: 'active', now: 'inactive' }],
    });
  });
});
