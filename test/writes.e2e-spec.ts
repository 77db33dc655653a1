import { ADMIN_KEY, expectError, Stack, startStack, WRITE_KEY } from './support/stack';

/** Writes through the gateway, proven by round trips against the sandbox. */
describe('writes (e2e)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { VENDOR_BREAKER_MIN_CALLS: '10000' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sandbox.reset());

  const write = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    stack.call(method, path, { key: method === 'DELETE' ? ADMIN_KEY : WRITE_KEY, body, headers });
  const calls = (vendor: string, route: string) =>
    stack.sandbox.stats()[vendor].requests[route] ?? 0;
  const vendorCalls = () =>
    Object.values(stack.sandbox.stats()).reduce((sum, v) => sum + v.total, 0);

  describe('Convirza', () => {
    const NEW_USER = {
      vendor: 'convirza',
      email: 'New.Person@Example.com',
      firstName: 'New',
      lastName: 'Person',
      groups: [{ id: '1003' }],
      role: 'read_only',
      externalId: 'EXT-NEW-1',
      timezone: 'Europe/Berlin',
      phone: '+14155550134',
    };

    it('creates, then reads back the same user', async () => {
      const created = await write('POST', '/v1/users', NEW_USER);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        vendor: 'convirza',
        email: 'new.person@example.com',
        firstName: 'New',
        lastName: 'Person',
        role: 'read_only',
        vendorRole: 'ReadOnly',
        status: 'active',
        timezone: 'Europe/Berlin',
        phone: '+14155550134',
        externalId: 'EXT-NEW-1',
        groups: [{ id: '1003', name: null }],
      });
      const read = await stack.call('GET', `/v1/users/${created.body.id}`);
      expect(read.body).toEqual(created.body);
    });

    it('refuses what breaks its rules before any call, naming each field', async () => {
      const missing = expectError(
        await write('POST', '/v1/users', { vendor: 'convirza', email: 'x@example.com' }),
        400,
        'invalid_request',
      );
      const fields = (missing.details.fields as { field: string }[]).map((p) => p.field);
      expect(fields).toEqual(
        expect.arrayContaining(['firstName', 'lastName', 'orgUnitId', 'role']),
      );
      expectError(
        await write('POST', '/v1/users', { ...NEW_USER, role: 'manager' }),
        400,
        'invalid_request',
      );
      expectError(
        await write('POST', '/v1/users', { ...NEW_USER, language: 'en-US' }),
        400,
        'invalid_request',
      );
      expectError(
        await write('POST', '/v1/users', { ...NEW_USER, groups: [{ id: 'desk/1' }] }),
        400,
        'invalid_request',
      );
      expect(vendorCalls()).toBe(0);
    });

    it('reports an org unit Convirza does not have as a 400 from the vendor', async () => {
      const error = expectError(
        await write('POST', '/v1/users', { ...NEW_USER, groups: [{ id: '4242' }] }),
        400,
        'invalid_request',
      );
      expect(error.vendor).toBe('convirza');
    });

    it('409 on a duplicate email', async () => {
      expectError(
        await write('POST', '/v1/users', { ...NEW_USER, email: 'bob.stone@scenario.example' }),
        409,
        'conflict',
      );
    });

    it('PUT replaces every field and needs every required one', async () => {
      const error = expectError(
        await write('PUT', '/v1/users/convirza:50002', { email: 'bob.stone@scenario.example' }),
        400,
        'invalid_request',
      );
      expect(JSON.stringify(error.details)).toMatch(/status/);
      const replaced = await write('PUT', '/v1/users/convirza:50002', {
        email: 'bob.stone@scenario.example',
        firstName: 'Robert',
        lastName: 'Stone',
        orgUnitId: 1002,
        role: 'admin',
        status: 'inactive',
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({
        firstName: 'Robert',
        role: 'admin',
        status: 'inactive',
        groups: [{ id: '1002' }],
        externalId: null,
        phone: null,
      });
    });

    it('PATCH sends only what was given', async () => {
      const before = (await stack.call('GET', '/v1/users/convirza:50003')).body;
      const patched = await write('PATCH', '/v1/users/convirza:50003', { lastName: 'Smith' });
      expect(patched.status).toBe(200);
      expect(patched.body).toEqual({
        ...before,
        lastName: 'Smith',
        displayName: 'Jon Smith',
        updatedAt: patched.body.updatedAt,
      });
    });

    it('DELETE soft-deletes: 204, then the user reads back deleted', async () => {
      const answer = await write('DELETE', '/v1/users/convirza:50005');
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      expect((await stack.call('GET', '/v1/users/convirza:50005')).body.status).toBe('deleted');
    });

    it('404 on writes to an unknown id; 400 on ids of the wrong format without a call', async () => {
      expectError(
        await write('PATCH', '/v1/users/convirza:987654', { lastName: 'X' }),
        404,
        'not_found',
      );
      stack.sandbox.resetStats();
      expectError(
        await write('PATCH', '/v1/users/convirza:abc', { lastName: 'X' }),
        400,
        'invalid_request',
      );
      expectError(await write('DELETE', '/v1/users/convirza:..%2F1'), 400, 'invalid_request');
      expect(vendorCalls()).toBe(0);
    });
  });

  describe('desk', () => {
    const NEW_AGENT = {
      vendor: 'desk',
      username: 'new.agent',
      password: 'Sup3r-Secret-Pass',
      email: 'new.agent@example.com',
      firstName: 'New',
      lastName: 'Agent',
      // The desk's own reads teach the Agent id (per tenant); manager has no learnable id here.
      role: 'member',
      groups: [{ id: 'desk/2' }],
      language: 'pt-BR',
    };

    it('creates with a write-only password that is never echoed or logged', async () => {
      const created = await write('POST', '/v1/users', NEW_AGENT);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        vendor: 'desk',
        username: 'new.agent',
        email: 'new.agent@example.com',
        role: 'member',
        vendorRole: 'Agent',
        status: 'active',
        language: 'pt-BR',
        groups: expect.arrayContaining([{ id: 'desk/2', name: 'Support Desk' }]),
      });
      const withData = await stack.call('GET', `/v1/users/${created.body.id}?include=vendorData`);
      for (const text of [created.text, withData.text, stack.logs.join('\n')]) {
        expect(text).not.toContain('Sup3r-Secret-Pass');
        expect(text).not.toMatch(/registration_password/);
      }
    });

    it('needs username, password and email', async () => {
      const error = expectError(
        await write('POST', '/v1/users', { vendor: 'desk', firstName: 'X' }),
        400,
        'invalid_request',
      );
      const fields = (error.details.fields as { field: string }[]).map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['username', 'password', 'email']));
      expect(vendorCalls()).toBe(0);
    });

    it('409 on a duplicate username', async () => {
      expectError(
        await write('POST', '/v1/users', { ...NEW_AGENT, username: 'frontdesk1' }),
        409,
        'conflict',
      );
    });

    it('replaces with PUT (flags as numbers)', async () => {
      const replaced = await write('PUT', '/v1/users/desk:9002', {
        email: 'bob.stone@scenario.example',
        status: 'inactive',
        role: 'read_only',
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({
        id: 'desk:9002',
        status: 'inactive',
        role: 'read_only',
        vendorRole: 'Viewer',
      });
    });

    it('405 on PATCH and DELETE, without a vendor call', async () => {
      const patch = expectError(
        await write('PATCH', '/v1/users/desk:9002', { firstName: 'B' }),
        405,
        'operation_not_supported',
      );
      expect(patch.message).toMatch(/lost update/);
      expectError(await write('DELETE', '/v1/users/desk:9002'), 405, 'operation_not_supported');
      expect(vendorCalls()).toBe(0);
    });
  });

  describe('Credira', () => {
    const NEW_CLIENT = {
      vendor: 'credira',
      email: 'ines.client@example.com',
      displayName: 'Inês Client',
      company: 'Acme Corporation',
      role: 'manager',
      department: 'finance',
      phone: '+442079460958',
    };

    it('creates without ever passing on the api_key', async () => {
      const created = await write('POST', '/v1/users', NEW_CLIENT);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        vendor: 'credira',
        email: 'ines.client@example.com',
        firstName: 'Inês',
        lastName: 'Client',
        displayName: 'Inês Client',
        phone: '+442079460958',
        role: 'manager',
        status: 'active',
      });
      expect(created.body.vendorId).toMatch(/^user_[A-Za-z0-9]+$/);
      const withData = await stack.call('GET', `/v1/users/${created.body.id}?include=vendorData`);
      for (const text of [created.text, withData.text, stack.logs.join('\n')])
        expect(text).not.toMatch(/credira_sk_|api_key/);
    });

    it('needs email, a name and a company', async () => {
      const error = expectError(
        await write('POST', '/v1/users', { vendor: 'credira', role: 'member' }),
        400,
        'invalid_request',
      );
      const fields = (error.details.fields as { field: string }[]).map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['email', 'company']));
      expect(vendorCalls()).toBe(0);
    });

    it('409 on a duplicate email', async () => {
      expectError(
        await write('POST', '/v1/users', { ...NEW_CLIENT, email: 'HANK.ONLY@scenario.example' }),
        409,
        'conflict',
      );
    });

    it('cannot change an email', async () => {
      const error = expectError(
        await write('PATCH', '/v1/users/credira:user_s12', { email: 'other@example.com' }),
        400,
        'invalid_request',
      );
      expect(error.message).toMatch(/email/);
      // The user is read (a write compares with it), never written.
      expect(calls('credira', 'PUT /users/:id')).toBe(0);
    });

    it('PATCH changes only what was given (suspending reads as inactive)', async () => {
      const patched = await write('PATCH', '/v1/users/credira:user_s12', {
        status: 'inactive',
        department: 'ops',
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        id: 'credira:user_s12',
        status: 'inactive',
        displayName: 'Hank Only',
        email: 'hank.only@scenario.example',
      });
    });

    it('DELETE is irreversible, so it needs ?confirm=true', async () => {
      const refused = expectError(
        await write('DELETE', '/v1/users/credira:user_s12'),
        400,
        'invalid_request',
      );
      expect(refused.message).toMatch(/confirm=true/);
      expect(vendorCalls()).toBe(0);
      expectError(
        await write('DELETE', '/v1/users/credira:user_s12?confirm=yes'),
        400,
        'invalid_request',
      );
      const declined = expectError(
        await write('DELETE', '/v1/users/credira:user_s12?confirm=false'),
        400,
        'invalid_request',
      );
      expect(declined.message).toMatch(/confirm=true/);
      expect(vendorCalls()).toBe(0);
      expect((await stack.call('GET', '/v1/users/credira:user_s12')).status).toBe(200);
      expect((await write('DELETE', '/v1/users/credira:user_s12?confirm=true')).status).toBe(204);
      expectError(await stack.call('GET', '/v1/users/credira:user_s12'), 404, 'not_found');
    });
  });

  describe('bad input', () => {
    const BASE = {
      vendor: 'convirza',
      email: 'ok@example.com',
      firstName: 'O',
      lastName: 'K',
      orgUnitId: 1001,
      role: 'member',
    };

    it.each([
      ['an unknown field', { ...BASE, nickname: 'x' }, 'nickname'],
      ['a wrong type', { ...BASE, firstName: 42 }, 'firstName'],
      ['an empty required string', { ...BASE, firstName: '   ' }, 'firstName'],
      ['an over-long string', { ...BASE, lastName: 'x'.repeat(101) }, 'lastName'],
      ['an invalid email', { ...BASE, email: 'not-an-email' }, 'email'],
      ['an invalid phone', { ...BASE, phone: '555-0134' }, 'phone'],
      ['an invalid time zone', { ...BASE, timezone: 'Mars/Olympus' }, 'timezone'],
      ['a vendor that is not configured', { ...BASE, vendor: 'salesforce' }, 'salesforce'],
      ['a missing vendor', { email: 'ok@example.com' }, 'vendor'],
      ['a body that is an array', [BASE], ''],
      [
        'a zero-width space in an email',
        { ...BASE, email: 'alice.walker\u200b@example.com' },
        'email',
      ],
      ['a NUL in a name', { ...BASE, firstName: 'Al\u0000ice' }, 'firstName'],
      ['a bidi override in a name', { ...BASE, lastName: 'Walker\u202e' }, 'lastName'],
      ['a line break in a display name', { ...BASE, displayName: 'Ann\nLee' }, 'displayName'],
      ['a zero-width joiner in a username', { ...BASE, username: 'ann\u200d' }, 'username'],
    ])('%s is a 400 naming it, with no vendor call', async (_what, body, field) => {
      const error = expectError(await write('POST', '/v1/users', body), 400, 'invalid_request');
      expect(`${error.message} ${JSON.stringify(error.details ?? {})}`).toContain(field);
      expect(vendorCalls()).toBe(0);
    });
  });

  describe('Idempotency-Key', () => {
    const BODY = {
      vendor: 'credira',
      email: 'idem@example.com',
      displayName: 'Idem Potent',
      company: 'Acme Corporation',
    };

    it('replays the first answer without a second vendor call', async () => {
      const first = await write('POST', '/v1/users', BODY, { 'idempotency-key': 'key-1' });
      expect(first.status).toBe(201);
      const again = await write('POST', '/v1/users', BODY, { 'idempotency-key': 'key-1' });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(calls('credira', 'POST /users')).toBe(1);
    });

    it('409 when the same key comes with another body', async () => {
      await write('POST', '/v1/users', BODY, { 'idempotency-key': 'key-2' });
      const other = await write(
        'POST',
        '/v1/users',
        { ...BODY, displayName: 'Someone Else' },
        { 'idempotency-key': 'key-2' },
      );
      expectError(other, 409, 'conflict');
      expect(calls('credira', 'POST /users')).toBe(1);
    });

    it('after a vendor failure mid-way, says the outcome is unknown, and a retry does not duplicate', async () => {
      // The vendor applies the create but answers too late: the gateway cannot know it landed.
      stack.sandbox.setFault('convirza', { latencyMs: 1500 });
      const body = {
        vendor: 'convirza',
        email: 'late@example.com',
        firstName: 'Late',
        lastName: 'Answer',
        orgUnitId: 1001,
        role: 'member',
      };
      const lost = await write('POST', '/v1/users', body, { 'idempotency-key': 'key-3' });
      const error = expectError(lost, 504, 'vendor_timeout');
      expect(error.details.outcome).toBe('unknown');
      expect(error.message).toMatch(/Idempotency-Key/);
      stack.sandbox.clearFaults();

      const retried = await write('POST', '/v1/users', body, { 'idempotency-key': 'key-3' });
      expect(retried.status).toBe(201);
      const found = await stack.call('GET', '/v1/users?vendor=convirza&email=late@example.com');
      expect(found.body.data.map((u: any) => u.id)).toEqual([retried.body.id]);
      // POST is never retried by the gateway itself.
      expect(calls('convirza', 'POST /users')).toBe(1);
    });

    it('a 500 on create is a 502 whose outcome is unknown, and is not retried', async () => {
      stack.sandbox.setFault('credira', { mode: '500', times: 1 });
      const error = expectError(await write('POST', '/v1/users', BODY), 502, 'vendor_error');
      expect(error.details.outcome).toBe('unknown');
      expect(calls('credira', 'POST /users')).toBe(1);
    });

    it('refuses a malformed key', async () => {
      expectError(
        await write('POST', '/v1/users', BODY, { 'idempotency-key': 'has space' }),
        400,
        'invalid_request',
      );
      expect(vendorCalls()).toBe(0);
    });
  });

  it('PUT is retried once on a timeout, PATCH never', async () => {
    // The PUT itself hangs (the read before it passes).
    stack.sandbox.setFault('credira', { mode: 'hang', times: 1, method: 'PUT' });
    const put = await write('PUT', '/v1/users/credira:user_s12', { displayName: 'Hank Again' });
    expect(put.status).toBe(200);
    expect(calls('credira', 'PUT /users/:id')).toBe(2);

    stack.sandbox.setFault('convirza', { mode: 'hang', times: 1, method: 'PATCH' });
    const patch = await write('PATCH', '/v1/users/convirza:50002', { lastName: 'Third' });
    expect(expectError(patch, 504, 'vendor_timeout').details.outcome).toBe('unknown');
    expect(calls('convirza', 'PATCH /users/:id')).toBe(1);
  });
});
