import { Answer, Stack, startStack } from './support/stack';

/** The unified read API over all three vendors, against the sandbox over loopback HTTP. */
describe('read API (e2e)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  async function readAll(query: string): Promise<any[]> {
    const users: any[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const answer: Answer = await stack.call(
        'GET',
        `/v1/users?${query}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toEqual([]);
      users.push(...answer.body.data);
      cursor = answer.body.nextCursor;
      if (cursor === null) return users;
    }
    throw new Error('paging did not end');
  }

  it('pages through every user of every vendor exactly once', async () => {
    const users = await readAll('limit=200');
    const ids = users.map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    const perVendor = (vendor: string) => users.filter((u) => u.vendor === vendor).length;
    expect(perVendor('convirza')).toBeGreaterThan(100);
    expect(perVendor('desk')).toBeGreaterThan(80);
    expect(perVendor('credira')).toBeGreaterThan(100);
    // Small pages give the same users as big ones.
    const small = await readAll('limit=37');
    expect(small.map((u) => u.id).sort()).toEqual([...ids].sort());
  });

  it('answers every user in the canonical shape', async () => {
    const { body } = await stack.call('GET', '/v1/users?limit=60');
    const keys = [
      'id',
      'connection',
      'vendor',
      'vendorId',
      'email',
      'username',
      'firstName',
      'lastName',
      'displayName',
      'phone',
      'role',
      'vendorRole',
      'status',
      'timezone',
      'language',
      'groups',
      'externalId',
      'permissions',
      'createdAt',
      'updatedAt',
      'lastLoginAt',
    ].sort();
    for (const user of body.data) {
      expect(Object.keys(user).sort()).toEqual(keys);
      expect(user.id).toBe(`${user.connection}:${user.vendorId}`);
      // Connections from the environment variables are named after their vendor.
      expect(user.connection).toBe(user.vendor);
      expect(['admin', 'manager', 'member', 'read_only']).toContain(user.role);
      expect(['active', 'inactive', 'deleted']).toContain(user.status);
      if (user.email !== null) expect(user.email).toBe(user.email.trim().toLowerCase());
      if (user.phone !== null) expect(user.phone).toMatch(/^\+[1-9]\d{6,14}$/);
    }
    expect(new Set(body.data.map((u: any) => u.vendor))).toEqual(
      new Set(['convirza', 'desk', 'credira']),
    );
  });

  it('filters by vendor, email (any case), status and role', async () => {
    const desk = await readAll('vendor=desk&limit=200');
    expect(desk.length).toBeGreaterThan(0);
    expect(desk.every((u) => u.vendor === 'desk')).toBe(true);

    const bob = await readAll('email=%20BOB.Stone%40Scenario.example%20');
    expect(bob.map((u) => u.id).sort()).toEqual([
      'convirza:50002',
      'credira:user_s02',
      'desk:9002',
    ]);

    const deleted = await readAll('status=deleted&limit=50');
    expect(deleted.map((u) => u.id)).toEqual(
      expect.arrayContaining(['convirza:50006', 'desk:9001']),
    );
    expect(deleted.every((u) => u.status === 'deleted')).toBe(true);

    const admins = await readAll('role=admin&vendor=convirza,credira&limit=50');
    expect(admins.length).toBeGreaterThan(0);
    expect(admins.every((u) => u.role === 'admin' && u.vendor !== 'desk')).toBe(true);
    expect(admins.map((u) => u.id)).toContain('convirza:50004');
  });

  it('reads a Convirza user by id (Get User shape)', async () => {
    const answer = await stack.call('GET', '/v1/users/convirza:50004');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: 'convirza:50004',
      vendor: 'convirza',
      vendorId: '50004',
      email: 'carol.admin@scenario.example',
      firstName: 'Carol',
      lastName: 'Admin',
      displayName: 'Carol Admin',
      role: 'admin',
      vendorRole: 'Admin',
      status: 'active',
    });
    expect(answer.body.vendorData).toBeUndefined();
  });

  it('reads a desk user by id (bare array, every field a string)', async () => {
    const answer = await stack.call('GET', '/v1/users/desk:9001?include=vendorData');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: 'desk:9001',
      vendor: 'desk',
      vendorId: '9001',
      email: 'alice.walker@scenario.example',
      displayName: 'Alice Walker',
      role: 'member',
      vendorRole: 'Agent',
      status: 'deleted',
    });
    expect(answer.body.vendorData.is_deleted).toBe('1');
    expect(answer.text).not.toMatch(/registration_password/);
  });

  it('reads a Credira user by id (envelope, single name split)', async () => {
    const answer = await stack.call('GET', '/v1/users/credira:user_s13?include=vendorData');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: 'credira:user_s13',
      email: 'zoe.nunez@scenario.example',
      firstName: 'Zoë',
      lastName: 'Ñúñez',
      displayName: 'Zoë Ñúñez',
      status: 'active',
    });
    expect(answer.body.vendorData).toBeDefined();
    expect(answer.text).not.toMatch(/api_key|credira_sk_/);
  });

  it('reports a failing vendor in errors[] and still answers the others', async () => {
    stack.sandbox.setFault('desk', { mode: '500' });
    try {
      const answer = await stack.call('GET', '/v1/users?limit=30');
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ vendor: 'desk', code: 'vendor_error' }),
      ]);
      expect(answer.body.data.length).toBeGreaterThan(0);
      expect(answer.body.data.every((u: any) => u.vendor !== 'desk')).toBe(true);
    } finally {
      stack.sandbox.clearFaults();
    }
  });

  it('GET /v1/vendors lists vendors, capabilities and live health', async () => {
    const answer = await stack.call('GET', '/v1/vendors');
    expect(answer.status).toBe(200);
    const byName = Object.fromEntries(answer.body.data.map((v: any) => [v.name, v]));
    expect(Object.keys(byName)).toEqual(['convirza', 'desk', 'credira']);
    expect(byName.convirza.capabilities).toEqual([
      'get',
      'list',
      'create',
      'replace',
      'patch',
      'delete',
    ]);
    expect(byName.desk.capabilities).toEqual(['get', 'list', 'create', 'replace']);
    expect(Object.keys(byName.desk.unsupported)).toEqual(['patch', 'delete']);
    expect(byName.desk.unsupported.patch).toMatch(/lost updates/);
    expect(byName.convirza.unsupported).toEqual({});
    expect(byName.credira.capabilities).toEqual([
      'get',
      'list',
      'create',
      'replace',
      'patch',
      'delete',
    ]);
    for (const vendor of Object.values(byName) as any[]) expect(vendor.health.status).toBe('up');
    expect(answer.text).not.toMatch(/sandbox-(convirza-token|desk-password|credira-key)/);

    stack.sandbox.setFault('credira', { mode: '401' });
    try {
      const failing = await stack.call('GET', '/v1/vendors');
      const credira = failing.body.data.find((v: any) => v.name === 'credira');
      expect(credira.health).toMatchObject({ status: 'down', code: 'vendor_auth_failed' });
    } finally {
      stack.sandbox.clearFaults();
    }
  });

  it('serves /health, /docs and /docs-json without a key', async () => {
    expect((await stack.call('GET', '/health', { key: null })).status).toBe(200);
    const docs = await stack.call('GET', '/docs', { key: null });
    expect(docs.status).toBe(200);
    expect(docs.text).toMatch(/swagger/i);
    const openapi = await stack.call('GET', '/docs-json', { key: null });
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toMatch(/^3\./);
  });

  it('documents every operation with its responses and examples', async () => {
    const { body } = await stack.call('GET', '/docs-json', { key: null });
    const paths = Object.keys(body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/users',
        '/v1/users/{id}',
        '/v1/vendors',
        '/v1/identities',
        '/v1/identities/summary',
        '/health',
      ]),
    );
    for (const [path, operations] of Object.entries<any>(body.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) {
        const statuses = Object.keys(operation.responses);
        expect({ path, method, ok: statuses.some((s) => s.startsWith('2')) }).toEqual({
          path,
          method,
          ok: true,
        });
        if (path.startsWith('/v1/')) {
          expect({ path, method, unauthorized: statuses.includes('401') }).toEqual({
            path,
            method,
            unauthorized: true,
          });
          for (const status of statuses.filter((s) => s.startsWith('4') || s.startsWith('5'))) {
            const content = operation.responses[status].content?.['application/json'];
            const example = content?.example !== undefined || content?.examples !== undefined;
            expect({ path, method, status, example }).toEqual({
              path,
              method,
              status,
              example: true,
            });
          }
        }
      }
    }
  });
});
