import { RunningSandbox, startSandbox } from '../index';
import { AUTH, sandboxClient } from '../testing/sandbox-client';

const USERS = '/credira/v1/users';
const NEW = { email: 'new.payer@example.com', name: 'New Payer', company: 'Acme Corporation' };

describe('sandbox: Credira v1', () => {
  let sandbox: RunningSandbox;
  const request = sandboxClient<any>(() => sandbox.url);
  const call = (method: string, path: string, body?: unknown) =>
    request(method, path, AUTH.credira, body);

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('answers Get User with every field of the page', async () => {
    const answer = await call('GET', `${USERS}/user_s01`);
    expect(answer.json).toMatchObject({
      success: true,
      meta: { timestamp: expect.any(String), request_id: expect.any(String) },
    });
    expect(answer.json.data).toEqual({
      id: 'user_s01',
      email: 'alice.walker@scenario.example',
      name: 'Alice Walker',
      company: 'Acme Corporation',
      role: 'analyst',
      department: expect.any(String),
      phone: null,
      account_id: 'acc_789123456',
      status: 'active',
      created_time: expect.any(String),
      last_login: expect.any(String),
      permissions: expect.any(Array),
      activity_stats: {
        total_calls_made: expect.any(Number),
        total_emails_sent: expect.any(Number),
        total_callouts_created: expect.any(Number),
        last_activity: expect.any(String),
      },
      metadata: expect.objectContaining({ timezone: expect.any(String), language: 'en' }),
    });
  });

  it('pages in creation order with page/limit meta', async () => {
    const first = (await call('GET', USERS)).json;
    expect(first.data).toHaveLength(20);
    expect(first.meta).toMatchObject({ page: 1, limit: 20 });
    const total = first.meta.total;
    expect(first.meta.total_pages).toBe(Math.ceil(total / 20));

    const pages = [];
    for (let page = 1; page <= Math.ceil(total / 100); page++)
      pages.push(...(await call('GET', `${USERS}?page=${page}&limit=100`)).json.data);
    expect(pages).toHaveLength(total);
    expect(new Set(pages.map((u) => u.id)).size).toBe(total);
    // Scenario users were created after the filler, in their order, then the page examples.
    expect(pages.slice(-13).map((u) => u.id)[0]).toBe('user_s01');
    expect(pages.slice(-3).map((u) => u.id)).toEqual([
      'user_123456789',
      'usr-2b9c.7d',
      'user_7f3e-91aa_b2',
    ]);

    const beyond = (await call('GET', `${USERS}?page=999&limit=10`)).json;
    expect(beyond.data).toEqual([]);
    for (const query of ['page=0', 'page=x', 'limit=0', 'limit=101']) {
      const answer = await call('GET', `${USERS}?${query}`);
      expect([query, answer.status, answer.json.error.code]).toEqual([
        query,
        400,
        'INVALID_REQUEST',
      ]);
    }
  });

  it('creates: 201, the user plus a one-time api_key, new ids user_ + 9 digits', async () => {
    const created = await call('POST', USERS, { ...NEW, role: 'billing_manager', phone: '+1 555' });
    expect(created.status).toBe(201);
    const { api_key: apiKey, ...user } = created.json.data;
    expect(apiKey).toMatch(/^credira_sk_[A-Za-z0-9]{24}$/);
    expect(user.id).toMatch(/^user_[0-9]{9}$/);
    expect(user).toMatchObject({ ...NEW, role: 'billing_manager', status: 'active' });
    const read = await call('GET', `${USERS}/${user.id}`);
    expect(read.json.data).toEqual(user);
    expect(read.text).not.toContain('api_key');
    const last = (await call('GET', `${USERS}?limit=100&page=2`)).json.data;
    expect(last[last.length - 1].id).toBe(user.id);
  });

  it('enforces the create rules', async () => {
    const code = async (body: object) => {
      const answer = await call('POST', USERS, body);
      return [answer.status, answer.json.error?.code];
    };
    expect(await code({ email: NEW.email, name: NEW.name })).toEqual([400, 'INVALID_REQUEST']);
    expect(await code({ ...NEW, email: 'nope' })).toEqual([400, 'INVALID_REQUEST']);
    expect(await code({ ...NEW, name: '' })).toEqual([400, 'INVALID_REQUEST']);
    expect(await code({ ...NEW, metadata: 'x' })).toEqual([400, 'INVALID_REQUEST']);
    expect(await code({ ...NEW, status: 'active' })).toEqual([400, 'INVALID_REQUEST']);
    expect(await code({ ...NEW, email: 'HANK.ONLY@scenario.example' })).toEqual([409, 'CONFLICT']);
  });

  it('PUT changes only the given fields; email cannot change; unknown fields rejected', async () => {
    const put = await call('PUT', `${USERS}/user_s01`, {
      status: 'suspended',
      permissions: ['calls:read'],
      metadata: { timezone: 'Europe/Paris', language: 'fr' },
    });
    expect(put.status).toBe(200);
    expect(put.json.data).toMatchObject({
      id: 'user_s01',
      name: 'Alice Walker',
      status: 'suspended',
      permissions: ['calls:read'],
      metadata: { timezone: 'Europe/Paris', language: 'fr' },
    });
    expect((await call('GET', `${USERS}/user_s01`)).json.data.status).toBe('suspended');
    const email = await call('PUT', `${USERS}/user_s01`, { email: 'x@example.com' });
    expect([email.status, email.json.error]).toEqual([
      400,
      { code: 'INVALID_REQUEST', message: 'email cannot be changed' },
    ]);
    expect((await call('PUT', `${USERS}/user_s01`, { company: 'Other' })).status).toBe(400);
    expect((await call('PUT', `${USERS}/user_s01`, { status: 'deleted' })).status).toBe(400);
    expect((await call('PUT', `${USERS}/user_s01`, { permissions: [1] })).status).toBe(400);
    expect((await call('PUT', `${USERS}/user_nobody`, { name: 'X' })).status).toBe(404);
  });

  it('deletes for good; PATCH is not allowed', async () => {
    const deleted = await call('DELETE', `${USERS}/user_s12`);
    expect([deleted.status, deleted.json.data]).toEqual([200, { id: 'user_s12', deleted: true }]);
    expect((await call('GET', `${USERS}/user_s12`)).status).toBe(404);
    expect((await call('DELETE', `${USERS}/user_s12`)).status).toBe(404);
    const patch = await call('PATCH', `${USERS}/user_s01`, { name: 'X' });
    expect([patch.status, patch.json.success, patch.json.error.code]).toEqual([
      405,
      false,
      'METHOD_NOT_ALLOWED',
    ]);
  });
});
