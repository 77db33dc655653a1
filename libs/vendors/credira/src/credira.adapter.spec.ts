import { InvalidRequestError } from '@userbridge/errors';
import {
  VendorHttpClient,
  VendorNotFoundError,
  VendorRequest,
  VendorResponse,
} from '@userbridge/vendor-core';
import { CrediraAdapter } from './credira.adapter';

/** A stand-in for Credira behind VendorHttpClient: `count` users, pages of `limit`, as the contract says. */
function fakeCredira(
  count: number,
  options: { withTotal?: boolean; deleteAnswer?: 'empty' | 'bare'; odd?: unknown } = {},
) {
  const users = Array.from({ length: count }, (_, i) => ({
    id: `user_${i}`,
    email: `u${i}@example.com`,
    name: `User ${i}`,
    status: 'active',
    metadata: { subscription_plan: 'basic' },
  }));
  const requests: VendorRequest[] = [];
  const ok = (data: unknown, meta: Record<string, unknown> = {}, status = 200): VendorResponse => ({
    status,
    headers: {},
    body: { success: true, data, meta: { timestamp: 't', request_id: 'r', ...meta } },
  });
  const send = (request: VendorRequest): Promise<VendorResponse> => {
    requests.push(request);
    const [, id] = String(request.path).split('/');
    const user = users.find((u) => u.id === id);
    if (request.method === 'GET' && id === undefined) {
      const page = Number(request.query?.page);
      const limit = Number(request.query?.limit);
      const meta =
        options.withTotal === false
          ? {}
          : { page, limit, total: users.length, total_pages: Math.ceil(users.length / limit) };
      const stream: unknown[] =
        options.odd === undefined ? users : [...users.slice(0, 2), options.odd, ...users.slice(2)];
      const total = { ...meta, ...(options.withTotal === false ? {} : { total: stream.length }) };
      return Promise.resolve(ok(stream.slice((page - 1) * limit, page * limit), total));
    }
    if (request.method === 'POST') {
      const created = {
        ...(request.body as Record<string, unknown>),
        id: `user_${users.length}`,
        status: 'active',
      };
      users.push(created as (typeof users)[number]);
      return Promise.resolve(ok({ ...created, api_key: 'credira_sk_live_secret' }, {}, 201));
    }
    if (!user)
      return Promise.resolve({
        status: 404,
        headers: {},
        body: { success: false, error: { code: 'NOT_FOUND', message: 'User not found' } },
      });
    if (request.method === 'DELETE') {
      // Any documented 2xx: no page documents the delete answer's body.
      if (options.deleteAnswer === 'empty')
        return Promise.resolve({ status: 204, headers: {}, body: undefined });
      if (options.deleteAnswer === 'bare')
        return Promise.resolve({ status: 200, headers: {}, body: { success: true } });
      return Promise.resolve(ok({ id, deleted: true }));
    }
    if (request.method === 'PUT') Object.assign(user, request.body);
    return Promise.resolve(ok(user));
  };
  // The real sendOk over the fake send: the status check under test is the shared one.
  const client = { send, sendOk: VendorHttpClient.prototype.sendOk } as unknown as VendorHttpClient;
  const adapter = new CrediraAdapter(client);
  return { adapter, requests, users };
}

describe('CrediraAdapter', () => {
  it('declares every operation', () => {
    expect(fakeCredira(0).adapter.capabilities).toEqual([
      'get',
      'list',
      'create',
      'replace',
      'patch',
      'delete',
    ]);
  });

  it.each([
    [0, 50, 0, 49, 50],
    [150, 200, 150, 349, 350],
    [380, 50, 380, 399, null],
    [400, 50, null, null, null],
  ])(
    'lists offset %p limit %p: users at their positions, next %p',
    (offset, limit, firstAt, lastAt, next) => {
      const { adapter } = fakeCredira(400);
      return adapter.list({ offset, limit, filters: {} }).then((page) => {
        expect(page.users[0]?.user.vendorId ?? null).toBe(
          firstAt === null ? null : `user_${firstAt}`,
        );
        expect(page.users.at(-1)?.user.vendorId ?? null).toBe(
          lastAt === null ? null : `user_${lastAt}`,
        );
        expect(page.nextOffset).toBe(next);
      });
    },
  );

  it('without meta.total, goes on while full pages come back', async () => {
    const { adapter } = fakeCredira(250, { withTotal: false });
    expect((await adapter.list({ offset: 0, limit: 100, filters: {} })).nextOffset).toBe(100);
    expect((await adapter.list({ offset: 200, limit: 100, filters: {} })).nextOffset).toBeNull();
  });

  it('asks pages of 100 by number', async () => {
    const { adapter, requests } = fakeCredira(400);
    await adapter.list({ offset: 150, limit: 200, filters: {} });
    expect(requests.map((r) => r.query)).toEqual([2, 3, 4].map((page) => ({ page, limit: 100 })));
  });

  it('creates, reads back, and lets the api_key go nowhere', async () => {
    const { adapter, requests } = fakeCredira(1);
    const record = await adapter.create({
      email: 'new@example.com',
      displayName: 'New One',
      company: 'Acme',
    });
    expect(record.user).toMatchObject({
      id: 'credira:user_1',
      email: 'new@example.com',
      firstName: 'New',
      lastName: 'One',
    });
    expect(JSON.stringify(record)).not.toMatch(/credira_sk_|api_key/);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST users',
      'GET users/user_1',
    ]);
  });

  it('patches with a PUT of the given fields and keeps metadata it does not manage', async () => {
    const { adapter, requests } = fakeCredira(3);
    const record = await adapter.patch('user_2', { status: 'inactive', timezone: 'Europe/Lisbon' });
    expect(record.user).toMatchObject({ status: 'inactive', timezone: 'Europe/Lisbon' });
    const put = requests.find((r) => r.method === 'PUT');
    expect(put?.body).toEqual({
      status: 'inactive',
      metadata: { subscription_plan: 'basic', timezone: 'Europe/Lisbon' },
    });
  });

  it('deletes only with confirmation, checking the id first', async () => {
    const { adapter, requests } = fakeCredira(1);
    await expect(adapter.delete('user_0', { confirm: false })).rejects.toThrow(/confirm=true/);
    await expect(adapter.delete('../x', { confirm: true })).rejects.toThrow(InvalidRequestError);
    expect(requests).toEqual([]);
    await adapter.delete('user_0', { confirm: true });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE users/user_0']);
  });

  it('reads a missing user as not found, and never sends a malformed id', async () => {
    const { adapter, requests } = fakeCredira(1);
    await expect(adapter.get('user_9')).rejects.toThrow(VendorNotFoundError);
    await expect(adapter.get('user_1/x')).rejects.toThrow(InvalidRequestError);
    expect(requests).toHaveLength(1);
  });

  it('finds a created user by email, newest pages first', async () => {
    const { adapter, requests } = fakeCredira(350);
    expect((await adapter.findCreated({ email: ' U340@Example.com ' }))?.user.vendorId).toBe(
      'user_340',
    );
    expect(requests.map((r) => r.query?.page)).toEqual([1, 4]);
    expect(await adapter.findCreated({ email: 'nobody@example.com' })).toBeNull();
  });

  it.each(['empty', 'bare'] as const)(
    'takes any 2xx as a done delete (%s answer), never a 502 after an irreversible delete',
    async (deleteAnswer) => {
      const { adapter } = fakeCredira(1, { deleteAnswer });
      await expect(adapter.delete('user_0', { confirm: true })).resolves.toBeUndefined();
    },
  );

  it('keeps a suspended status and a free-text role a write does not change', async () => {
    const { adapter, requests, users } = fakeCredira(1);
    Object.assign(users[0], { status: 'suspended', role: 'billing_manager' });
    const current = (await adapter.get('user_0')).user;
    requests.length = 0;
    await adapter.replace('user_0', {
      status: current.status,
      role: current.role,
      displayName: 'User Zero',
    });
    expect(requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual([
      { name: 'User Zero' },
    ]);
    expect(users[0]).toMatchObject({ status: 'suspended', role: 'billing_manager' });
    requests.length = 0;
    await adapter.replace('user_0', { status: current.status, role: current.role });
    expect(requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('lists every other user when one record is odd, reporting it at its stream position', async () => {
    const { adapter } = fakeCredira(5, { odd: { id: 'a/b', email: 'x@example.com' } });
    const page = await adapter.list({ offset: 0, limit: 10, filters: {} });
    expect(page.users.map((r) => r.user.vendorId)).toEqual([
      'user_0',
      'user_1',
      'user_2',
      'user_3',
      'user_4',
    ]);
    expect(page.rejected).toEqual([
      { vendorId: null, reason: expect.stringContaining('safe'), position: 2 },
    ]);
    expect(page.nextOffset).toBeNull();
    const tail = await adapter.list({ offset: 2, limit: 2, filters: {} });
    expect(tail.users.map((r) => r.user.vendorId)).toEqual(['user_2']);
    expect(tail.rejected.map((r) => r.position)).toEqual([2]);
    expect(tail.nextOffset).toBe(4);
  });
});
