import { Client } from 'pg';
import { openDirectory } from '@userbridge/directory';
import type { Directory } from '@userbridge/directory';
import { TestDatabase, testDatabase } from '@userbridge/directory/testing';
import { until } from './support/poll';
import { ADMIN_KEY, expectError, READ_KEY, Stack, startStack, WRITE_KEY } from './support/stack';

const PASSWORD = 'Audit-Secret-Pass-7731';
const WRITES = ['POST /users', 'PUT /users/:id', 'PATCH /users/:id', 'DELETE /users/:id'];

/**
 * The audit trail on a real PostgreSQL server (a database of the run's shared
 * server): every REST write leaves one entry, the chain verifies and survives
 * a second writer, the table refuses changes, and a store that cannot take
 * the intent refuses the write before any vendor call. The same hook runs on
 * the shared server under every other write e2e; the store's own spec
 * checks both engines.
 */
describe('audit trail (e2e, PostgreSQL server)', () => {
  let stack: Stack;
  let database: TestDatabase | undefined;
  let databaseUrl: string;
  let admin: Client;

  beforeAll(async () => {
    database = await testDatabase();
    databaseUrl = database.url;
    admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    stack = await startStack({
      databaseUrl,
      env: {
        GATEWAY_API_KEYS: `reader=${READ_KEY}:read,hr-portal=${WRITE_KEY}:write,ops=${ADMIN_KEY}:admin`,
        VENDOR_BREAKER_MIN_CALLS: '10000',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await admin?.end();
    await database?.release();
  });
  beforeEach(() => stack.sandbox.reset());

  const write = (method: string, path: string, body?: unknown) =>
    stack.call(method, path, { key: method === 'DELETE' ? ADMIN_KEY : WRITE_KEY, body });
  const audit = (query = '') => stack.call('GET', `/v1/audit${query}`, { key: ADMIN_KEY });
  const entriesOf = async (target: string) =>
    (await audit(`?target=${encodeURIComponent(target)}`)).body.data as any[];
  const vendorWrites = () =>
    Object.values(stack.sandbox.stats()).reduce(
      (sum, vendor) => sum + WRITES.reduce((n, route) => n + (vendor.requests[route] ?? 0), 0),
      0,
    );

  it('REST create, replace, patch and delete each leave one entry with the key’s label and no secret', async () => {
    const created = await write('POST', '/v1/users', {
      vendor: 'desk',
      username: 'audited.agent',
      password: PASSWORD,
      email: 'audited.agent@example.com',
      firstName: 'Audited',
      lastName: 'Agent',
      role: 'member',
      groups: [{ id: 'desk/2' }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const replaced = await write('PUT', `/v1/users/${id}`, {
      email: 'audited.agent@example.com',
      firstName: 'Renamed',
      lastName: 'Agent',
      status: 'active',
      role: 'member',
    });
    expect(replaced.status).toBe(200);
    expect(
      (await write('PATCH', '/v1/users/credira:user_s12', { status: 'inactive' })).status,
    ).toBe(200);
    expect((await write('PATCH', '/v1/users/convirza:50002', { lastName: 'Audit' })).status).toBe(
      200,
    );
    expect((await write('DELETE', '/v1/users/credira:user_s13?confirm=true')).status).toBe(204);

    const desk = await entriesOf(id);
    expect(desk.map((entry) => [entry.action, entry.actor, entry.outcome])).toEqual([
      ['user.create', 'hr-portal', 'succeeded'],
      ['user.replace', 'hr-portal', 'succeeded'],
    ]);
    expect(desk[0]).toMatchObject({
      channel: 'rest',
      connection: 'desk',
      target: id,
      changes: { username: { before: null, after: 'audited.agent' } },
    });
    expect(desk[0].requestId).toBe(created.headers.get('x-request-id'));
    // The replace's before is what the desk adapter read before writing.
    expect(desk[1].changes).toEqual({
      firstName: { before: 'Audited', after: 'Renamed' },
      displayName: { before: 'Audited Agent', after: 'Renamed Agent' },
    });
    expect(await entriesOf('credira:user_s12')).toMatchObject([
      {
        action: 'user.deactivate',
        outcome: 'succeeded',
        changes: { status: { before: 'active', after: 'inactive' } },
      },
    ]);
    expect(await entriesOf('convirza:50002')).toMatchObject([
      { action: 'user.patch', changes: { lastName: { after: 'Audit' } } },
    ]);
    expect(await entriesOf('credira:user_s13')).toMatchObject([
      {
        action: 'user.delete',
        actor: 'ops',
        outcome: 'succeeded',
        changes: { status: { after: 'deleted' } },
      },
    ]);

    // The password is nowhere: not in an answer, not in a stored record, not in a log line.
    const exported = await stack.call('GET', '/v1/audit', {
      key: ADMIN_KEY,
      headers: { accept: 'application/x-ndjson' },
    });
    const stored = await admin.query('select * from audit_records');
    for (const text of [exported.text, JSON.stringify(stored.rows), stack.logs.join('\n')])
      expect(text).not.toContain(PASSWORD);
    expect(JSON.stringify(stored.rows)).not.toMatch(/vendorData|registration_password/);
  });

  it('records a vendor refusal as failed and a lost answer as unknown', async () => {
    stack.sandbox.setFault('convirza', { mode: '403', times: 1, method: 'PATCH' });
    expect(
      (await write('PATCH', '/v1/users/convirza:50003', { lastName: 'Refused' })).status,
    ).toBeGreaterThanOrEqual(400);
    stack.sandbox.setFault('convirza', { mode: 'hang', times: 1, method: 'PATCH' });
    const lost = await write('PATCH', '/v1/users/convirza:50004', { lastName: 'Lost' });
    expect(expectError(lost, 504, 'vendor_timeout').details.outcome).toBe('unknown');

    expect(await entriesOf('convirza:50003')).toMatchObject([
      { action: 'user.patch', outcome: 'failed', errorCode: expect.any(String) },
    ]);
    expect(await entriesOf('convirza:50004')).toMatchObject([
      {
        outcome: 'unknown',
        errorCode: 'vendor_timeout',
        changes: { lastName: { after: 'Lost' } },
      },
    ]);
    const unknown = (await audit('?outcome=unknown&connection=convirza')).body.data;
    expect(unknown.map((entry: any) => entry.target)).toEqual(['convirza:50004']);
  });

  it('pages with a cursor tied to its filters, and streams the whole selection as NDJSON', async () => {
    for (const name of ['One', 'Two', 'Three'])
      expect((await write('PATCH', '/v1/users/convirza:50005', { firstName: name })).status).toBe(
        200,
      );
    const first = await audit('?target=convirza:50005&limit=2');
    expect(first.body.data).toHaveLength(2);
    const next = await audit(
      `?target=convirza:50005&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(next.body).toMatchObject({
      data: [{ changes: { firstName: { after: 'Three' } } }],
      nextCursor: null,
    });
    expectError(
      await audit(`?actor=ops&cursor=${encodeURIComponent(first.body.nextCursor)}`),
      400,
      'invalid_request',
    );
    expectError(await audit('?outcome=maybe'), 400, 'invalid_request');
    expectError(await stack.call('GET', '/v1/audit', { key: WRITE_KEY }), 403, 'forbidden');

    const streamed = await stack.call('GET', '/v1/audit?actor=hr-portal', {
      key: ADMIN_KEY,
      headers: { accept: 'application/x-ndjson' },
    });
    expect(streamed.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = streamed.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const paged: any[] = [];
    for (let cursor: string | null = null, n = 0; n < 50; n++) {
      const page: any = await audit(
        `?actor=hr-portal&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      paged.push(...page.body.data);
      cursor = page.body.nextCursor;
      if (cursor === null) break;
    }
    expect(lines).toEqual(paged);
    expect(lines.length).toBeGreaterThan(3);
  });

  it('keeps one chain while a second pool writes at once, refuses UPDATE and DELETE, and names a tampered record', async () => {
    const other: Directory = await openDirectory({ databaseUrl, maxConnections: 4 });
    try {
      const record = (i: number) => ({
        writeId: `second-pool-${i}`,
        kind: 'event' as const,
        requestId: null,
        actor: 'system',
        channel: 'sync',
        action: 'user.delete',
        target: `desk:${9000 + i}`,
        connection: 'desk',
        changes: {},
        outcome: 'succeeded' as const,
        errorCode: null,
        idempotencyKey: null,
        offboardingRunId: null,
      });
      const answers = await Promise.all([
        ...Array.from({ length: 8 }, (_, i) =>
          write('PATCH', '/v1/users/credira:user_s09', { department: `dept-${i}` }),
        ),
        ...Array.from({ length: 8 }, (_, i) => other.audit.append([record(i)]).then(() => null)),
      ]);
      expect(answers.filter((answer) => answer !== null).every((a) => a!.status === 200)).toBe(
        true,
      );
    } finally {
      await other.close();
    }
    const verified = await stack.call('GET', '/v1/audit/verify', { key: ADMIN_KEY });
    expect(verified.body).toMatchObject({ ok: true, anchor: 'genesis', broken: null });

    await expect(admin.query(`update audit_records set actor = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(admin.query('delete from audit_records')).rejects.toThrow(/append-only/);

    const victim = (await entriesOf('credira:user_s09'))[3];
    await admin.query('alter table audit_records disable trigger audit_records_append_only');
    await admin.query(`update audit_records set actor = 'someone-else' where write_id = $1`, [
      victim.id,
    ]);
    await admin.query('alter table audit_records enable trigger audit_records_append_only');
    const broken = await stack.call('GET', '/v1/audit/verify', { key: ADMIN_KEY });
    expect(broken.body).toMatchObject({
      ok: false,
      broken: { writeId: victim.id, reason: 'hash_mismatch', sequence: victim.sequence },
    });
  });

  it('refuses a write with 503 store_unavailable, before any vendor call, while the audit cannot be written', async () => {
    const name = new URL(databaseUrl).pathname.slice(1);
    const sessions = `select pg_terminate_backend(pid) from pg_stat_activity
      where datname = $1 and pid <> pg_backend_pid()`;
    // A failover to a read-only standby, as the gateway meets it: its next sessions cannot write.
    await admin.query(`alter database "${name}" set default_transaction_read_only = on`);
    await admin.query(sessions, [name]);
    try {
      stack.sandbox.resetStats();
      const refused = await write('PATCH', '/v1/users/convirza:50007', { lastName: 'Unaudited' });
      expectError(refused, 503, 'store_unavailable');
      const created = await write('POST', '/v1/users', {
        vendor: 'credira',
        email: 'unaudited@example.com',
        firstName: 'Un',
        lastName: 'Audited',
        company: 'Acme',
      });
      expectError(created, 503, 'store_unavailable');
      expect(vendorWrites()).toBe(0);
    } finally {
      await admin.query(`alter database "${name}" reset default_transaction_read_only`);
      await admin.query(sessions, [name]);
    }
    // The gateway may still hold an idle session the server just ended: the
    // first statement on it fails as the outage it was (503, retryable). A read
    // of the store that answers means the pool has left those sessions behind.
    await until(
      'the store to answer again',
      async () => (await stack.call('GET', '/v1/audit?limit=1', { key: ADMIN_KEY })).status,
      (status) => status === 200,
    );
    expect((await write('PATCH', '/v1/users/convirza:50007', { lastName: 'Audited' })).status).toBe(
      200,
    );
    expect(await entriesOf('convirza:50007')).toMatchObject([{ outcome: 'succeeded' }]);
  });
});
