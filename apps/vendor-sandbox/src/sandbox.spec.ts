import { RunningSandbox, SEED_SCENARIOS, startSandbox } from './index';

const CONVIRZA = { authorization: 'Bearer sandbox-convirza-token' };
const DESK = {
  authorization: `Basic ${Buffer.from('sandbox-desk:sandbox-desk-password').toString('base64')}`,
};
const CREDIRA = { authorization: 'Bearer sandbox-credira-key' };

describe('vendor sandbox', () => {
  let sandbox: RunningSandbox;
  const call = async (
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ) => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  };

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  describe('auth, each vendor its own way', () => {
    it('Convirza: envelope 401', async () => {
      const answer = await call('GET', '/convirza/v3/users/50001', {
        authorization: 'Bearer nope',
      });
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ code: 401, data: null });
      expect(typeof answer.json.request_id).toBe('string');
    });
    it('desk: Basic challenge', async () => {
      const answer = await call('GET', '/desk/api/users/9001');
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Basic realm="desk"');
      expect(answer.json).toEqual({ success: false, message: 'Unauthorized' });
    });
    it('Credira: UNAUTHORIZED', async () => {
      const answer = await call('GET', '/credira/v1/users/user_s01');
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({
        success: false,
        error: { code: 'UNAUTHORIZED', message: 'Invalid or missing API key' },
      });
    });
  });

  describe('reads', () => {
    it('validates ids per vendor', async () => {
      for (const id of ['0', '-1', 'abc', '1.5'])
        expect((await call('GET', `/convirza/v3/users/${id}`, CONVIRZA)).status).toBe(400);
      expect((await call('GET', '/desk/api/users/abc', DESK)).status).toBe(400);
      const credira = await call('GET', '/credira/v1/users/123', CREDIRA);
      expect(credira.status).toBe(400);
      expect(credira.json.error).toEqual({
        code: 'INVALID_REQUEST',
        message: 'Invalid user ID format',
      });
    });

    it('answers not found in each vendor shape', async () => {
      expect((await call('GET', '/convirza/v3/users/999999', CONVIRZA)).json).toMatchObject({
        code: 404,
        data: null,
      });
      expect((await call('GET', '/desk/api/users/999999', DESK)).json).toEqual([]);
      expect((await call('GET', '/credira/v1/users/user_nobody', CREDIRA)).json.error.code).toBe(
        'NOT_FOUND',
      );
    });

    it('desk: a bare array of string fields with roles as an object', async () => {
      const [user] = (await call('GET', '/desk/api/users/9001', DESK)).json;
      expect(user).toMatchObject({
        id: '9001',
        is_deleted: '1',
        is_active: '0',
        roles: { '3': 'Agent' },
      });
      expect(typeof user.registration_password).toBe('string');
      expect(user.password).toBeUndefined();
    });

    it('Convirza: the list-item shape, paging and filters', async () => {
      const page = (await call('GET', '/convirza/v3/users?limit=5&offset=2', CONVIRZA)).json.data;
      expect(page.users).toHaveLength(5);
      expect(Object.keys(page.users[0])).toEqual(
        expect.arrayContaining([
          'email',
          'status',
          'agent_id',
          'group',
          'group_org_unit_id',
          'role',
          'access_audio',
        ]),
      );
      expect(page.total).toBeGreaterThan(100);
      const bob = (
        await call('GET', '/convirza/v3/users?email=BOB.STONE@scenario.example', CONVIRZA)
      ).json.data;
      expect(bob.users.map((u: any) => u.ct_user_id)).toEqual([50002]);
      expect((await call('GET', '/convirza/v3/users?limit=1001', CONVIRZA)).status).toBe(400);
      expect((await call('GET', '/convirza/v3/users?offset=-1', CONVIRZA)).status).toBe(400);
    });

    it('Credira: page/limit with meta', async () => {
      const answer = (await call('GET', '/credira/v1/users?page=2&limit=10', CREDIRA)).json;
      expect(answer.data).toHaveLength(10);
      expect(answer.meta).toMatchObject({
        page: 2,
        limit: 10,
        total_pages: Math.ceil(answer.meta.total / 10),
      });
      expect((await call('GET', '/credira/v1/users?limit=101', CREDIRA)).status).toBe(400);
    });
  });

  describe('writes enforce the vendor rules', () => {
    it('Convirza: org unit, role, duplicate email, soft delete', async () => {
      const base = {
        username: 'n@example.com',
        first_name: 'N',
        last_name: 'P',
        ct_user_ou_id: 1001,
        role: 'Standard',
      };
      expect(
        (await call('POST', '/convirza/v3/users', CONVIRZA, { ...base, ct_user_ou_id: 9 })).status,
      ).toBe(400);
      expect(
        (await call('POST', '/convirza/v3/users', CONVIRZA, { ...base, role: 'Owner' })).status,
      ).toBe(400);
      expect(
        (
          await call('POST', '/convirza/v3/users', CONVIRZA, {
            ...base,
            username: 'ALICE.WALKER@scenario.example',
          })
        ).status,
      ).toBe(409);
      const created = await call('POST', '/convirza/v3/users', CONVIRZA, base);
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ code: 200, data: { userId: expect.any(Number) } });
      expect(
        (await call('DELETE', `/convirza/v3/users/${created.json.data.userId}`, CONVIRZA)).status,
      ).toBe(200);
      expect(
        (await call('GET', `/convirza/v3/users/${created.json.data.userId}`, CONVIRZA)).json.data
          .user_status,
      ).toBe('deleted');
    });

    it('desk: unique username, no delete, password never read back', async () => {
      const body = {
        username: 'x1',
        password: 'longenough',
        email: 'x@example.com',
        is_active: 1,
        roles: [2],
        desks: [3],
      };
      const created = await call('POST', '/desk/api/users', DESK, body);
      expect(created.status).toBe(201);
      expect((await call('POST', '/desk/api/users', DESK, body)).status).toBe(409);
      const read = await call('GET', `/desk/api/users/${created.json.id}`, DESK);
      expect(read.text).not.toContain('longenough');
      expect(read.json[0].roles).toEqual({ '2': 'Supervisor' });
      expect((await call('DELETE', `/desk/api/users/${created.json.id}`, DESK)).status).toBe(405);
      expect(
        (await call('POST', '/desk/api/users', DESK, { ...body, username: 'x2', roles: [99] }))
          .status,
      ).toBe(400);
    });

    it('Credira: required fields, api_key once, email immutable, delete', async () => {
      expect(
        (await call('POST', '/credira/v1/users', CREDIRA, { email: 'a@example.com' })).status,
      ).toBe(400);
      const created = await call('POST', '/credira/v1/users', CREDIRA, {
        email: 'a@example.com',
        name: 'A B',
        company: 'Acme',
      });
      expect(created.status).toBe(201);
      expect(created.json.data.api_key).toMatch(/^credira_sk_[A-Za-z0-9]{24}$/);
      const id = created.json.data.id;
      expect((await call('GET', `/credira/v1/users/${id}`, CREDIRA)).text).not.toContain('api_key');
      expect(
        (await call('PUT', `/credira/v1/users/${id}`, CREDIRA, { email: 'b@example.com' })).status,
      ).toBe(400);
      expect(
        (
          await call('POST', '/credira/v1/users', CREDIRA, {
            email: 'A@example.com',
            name: 'A',
            company: 'Acme',
          })
        ).status,
      ).toBe(409);
      expect((await call('DELETE', `/credira/v1/users/${id}`, CREDIRA)).json.data).toEqual({
        id,
        deleted: true,
      });
      expect((await call('GET', `/credira/v1/users/${id}`, CREDIRA)).status).toBe(404);
    });

    it('answers a malformed body with the vendor own 400', async () => {
      const answer = await call('POST', '/credira/v1/users', CREDIRA, '{"email":');
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe('INVALID_REQUEST');
    });
  });

  describe('faults and stats', () => {
    it('applies a mode to the next N requests only, and counts every request', async () => {
      sandbox.setFault('desk', { mode: '500', times: 2 });
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await call('GET', '/desk/api/users/9001', DESK)).status);
      expect(statuses).toEqual([500, 500, 200]);
      expect(sandbox.stats().desk).toEqual({ total: 3, requests: { 'GET /users/:id': 3 } });
    });

    it('spreads an error rate deterministically', async () => {
      sandbox.setFault('convirza', { errorRate: 0.25 });
      const statuses = [];
      for (let i = 0; i < 8; i++)
        statuses.push((await call('GET', '/convirza/v3/users/50001', CONVIRZA)).status);
      expect(statuses).toEqual([200, 200, 200, 500, 200, 200, 200, 500]);
    });

    it('answers malformed JSON, the wrong shape and 429 with Retry-After', async () => {
      sandbox.setFault('credira', { mode: 'malformed', times: 1 });
      const malformed = await call('GET', '/credira/v1/users/user_s01', CREDIRA);
      expect(malformed.status).toBe(200);
      expect(malformed.json).toBeUndefined();
      sandbox.setFault('desk', { mode: 'wrong_shape', times: 1 });
      expect((await call('GET', '/desk/api/users/9001', DESK)).json).toEqual({ unexpected: true });
      sandbox.setFault('convirza', { mode: '429', retryAfterSeconds: 9, times: 1 });
      const limited = await call('GET', '/convirza/v3/users/50001', CONVIRZA);
      expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '9']);
    });

    it('drops a connection on close', async () => {
      sandbox.setFault('credira', { mode: 'close', times: 1 });
      await expect(call('GET', '/credira/v1/users/user_s01', CREDIRA)).rejects.toThrow();
    });

    it('is driven by the control API, which validates what it is given', async () => {
      expect((await call('PUT', '/_sandbox/faults/desk', {}, { latencyMs: 20 })).status).toBe(200);
      expect((await call('GET', '/_sandbox/faults')).json.desk).toMatchObject({ latencyMs: 20 });
      expect((await call('PUT', '/_sandbox/faults/desk', {}, { mode: 'explode' })).status).toBe(
        400,
      );
      expect((await call('PUT', '/_sandbox/faults/salesforce', {}, {})).status).toBe(400);
      expect((await call('POST', '/_sandbox/reset')).status).toBe(204);
      expect((await call('GET', '/_sandbox/stats')).json.desk.total).toBe(0);
    });
  });

  it('closes at once even while a request hangs', async () => {
    const own = await startSandbox({ faults: { desk: { mode: 'hang' } } });
    const pending = fetch(`${own.url}/desk/api/users/9001`, { headers: DESK }).catch(
      () => 'dropped',
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('dropped');
  });

  it('seeds the same data every time, with every scenario account present', async () => {
    const other = await startSandbox();
    try {
      for (const path of ['/convirza/v3/users?limit=1000', '/desk/api/users']) {
        const headers = path.startsWith('/desk') ? DESK : CONVIRZA;
        const [a, b] = await Promise.all([
          fetch(`${sandbox.url}${path}`, { headers }),
          fetch(`${other.url}${path}`, { headers }),
        ]);
        const strip = (text: string) => text.replace(/"(request_id|timestamp)":"[^"]*"/g, '');
        expect(strip(await a.text())).toBe(strip(await b.text()));
      }
    } finally {
      await other.close();
    }
    expect(SEED_SCENARIOS).toHaveLength(13);
    const auth = { convirza: CONVIRZA, desk: DESK, credira: CREDIRA };
    const base = { convirza: '/convirza/v3', desk: '/desk/api', credira: '/credira/v1' };
    for (const { accounts } of SEED_SCENARIOS) {
      for (const { vendor, vendorId } of accounts) {
        const answer = await call('GET', `${base[vendor]}/users/${vendorId}`, auth[vendor]);
        expect({
          vendor,
          vendorId,
          status: answer.status,
          empty: Array.isArray(answer.json) && answer.json.length === 0,
        }).toEqual({ vendor, vendorId, status: 200, empty: false });
      }
    }
  });
});
