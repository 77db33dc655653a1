import { SANDBOX_CREDENTIALS } from '../apps/vendor-sandbox/src/credentials';
import { DESK_ROLE_ID } from '../apps/vendor-sandbox/src/seed/records';
import { ADMIN_KEY, Answer, expectError, Stack, startStack, WRITE_KEY } from './support/stack';

/**
 * Vendor fidelity through the gateway against the sandbox, which no longer
 * agrees with the adapters where the vendor pages are silent: writes keep what
 * they do not own, lists survive one odd record, desk role ids are learned.
 */

/** The canonical fields a caller may write, as a user was read: what "PUT it back" sends. */
function writableBody(user: Record<string, any>): Record<string, unknown> {
  const body: Record<string, unknown> = {
    firstName: user.firstName,
    lastName: user.lastName,
    displayName: user.displayName,
    phone: user.phone,
    role: user.role,
    status: user.status,
    timezone: user.timezone,
    language: user.language,
    groups: user.groups.map((g: { id: string }) => ({ id: g.id })),
    externalId: user.externalId,
    permissions: user.permissions,
  };
  // Not nullable in a write: sent when the read has them.
  if (user.email !== null) body.email = user.email;
  if (user.username !== null) body.username = user.username;
  return body;
}

describe('vendor fidelity (e2e)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { VENDOR_BREAKER_MIN_CALLS: '10000' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sandbox.reset());

  const write = (method: string, path: string, body?: unknown): Promise<Answer> =>
    stack.call(method, path, { key: method === 'DELETE' ? ADMIN_KEY : WRITE_KEY, body });
  const read = async (id: string) => {
    const answer = await stack.call('GET', `/v1/users/${id}?include=vendorData`);
    expect([id, answer.status]).toEqual([id, 200]);
    return answer.body;
  };
  const writes = (vendor: string) =>
    Object.entries(stack.sandbox.stats()[vendor].requests)
      .filter(([route]) => /^(PUT|PATCH|POST|DELETE) /.test(route))
      .reduce((sum, [, n]) => sum + n, 0);

  describe('round trip: GET, PUT the same canonical body, GET gives the same user', () => {
    it.each([
      // The vendor pages' own examples (phone +1234567890, billing_manager) ...
      'convirza:12345',
      'credira:user_123456789',
      // ... a suspended Credira user, ids beyond the old patterns, an all-desks member.
      'credira:user_s05',
      'credira:user_7f3e-91aa_b2',
      'credira:usr-2b9c.7d',
      'desk:u-7f3a',
      'desk:ag.0042',
      'desk:9004',
      'convirza:50002',
      'convirza:50006',
    ])('%s', async (id) => {
      const before = await read(id);
      stack.sandbox.resetStats();
      const put = await write('PUT', `/v1/users/${id}`, writableBody(before));
      expect([put.status, put.body?.error]).toEqual([200, undefined]);
      const after = await read(id);
      expect(after).toEqual(before);
      // Nothing changed at the vendor: no write was sent at all.
      expect(writes(before.vendor)).toBe(0);
    });
  });

  describe('Convirza', () => {
    const KEPT = ['score_call', 'access_audio', 'agent_code', 'aliases', 'user_ext_id', 'timezone'];

    it('PUT and PATCH keep every field the caller did not change (the sandbox PUT resets them)', async () => {
      const before = await read('convirza:12345');
      const put = await write('PUT', '/v1/users/convirza:12345', {
        ...writableBody(before),
        firstName: 'Johnny',
      });
      expect(put.status).toBe(200);
      const afterPut = await read('convirza:12345');
      expect(afterPut.firstName).toBe('Johnny');
      for (const key of [...KEPT, 'agent_ring_to'])
        expect([key, afterPut.vendorData[key]]).toEqual([key, before.vendorData[key]]);

      const patch = await write('PATCH', '/v1/users/convirza:12345', { lastName: 'Dough' });
      expect(patch.status).toBe(200);
      const afterPatch = await read('convirza:12345');
      expect(afterPatch).toMatchObject({ firstName: 'Johnny', lastName: 'Dough' });
      for (const key of KEPT)
        expect([key, afterPatch.vendorData[key]]).toEqual([key, before.vendorData[key]]);
    });

    it('keeps an agent_ring_to it could not parse when the phone is sent back as null', async () => {
      // Set at Convirza by someone else: a ring-to that is no E.164 number.
      const direct = await fetch(`${stack.sandbox.url}/convirza/v3/users/12345`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${SANDBOX_CREDENTIALS.convirzaToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ agent_ring_to: 'ext. 214' }),
      });
      expect(direct.status).toBe(200);
      const before = await read('convirza:12345');
      expect([before.phone, before.vendorData.agent_ring_to]).toEqual([null, 'ext. 214']);
      const put = await write('PUT', '/v1/users/convirza:12345', {
        ...writableBody(before),
        externalId: 'EXT-002',
      });
      expect(put.status).toBe(200);
      expect((await read('convirza:12345')).vendorData).toMatchObject({
        agent_ring_to: 'ext. 214',
        user_ext_id: 'EXT-002',
      });
    });

    it('writes permissions as score_call / access_audio', async () => {
      const patch = await write('PATCH', '/v1/users/convirza:12345', {
        permissions: ['score_call'],
      });
      expect([patch.status, patch.body.permissions]).toEqual([200, ['score_call']]);
      const after = await read('convirza:12345');
      expect(after.vendorData).toMatchObject({ score_call: true, access_audio: false });
      const bad = await write('PATCH', '/v1/users/convirza:12345', {
        permissions: ['calls:read'],
      });
      expectError(bad, 400, 'invalid_request');
    });

    it('creates with the role and the status given', async () => {
      const created = await write('POST', '/v1/users', {
        vendor: 'convirza',
        email: 'new.viewer@example.com',
        firstName: 'New',
        lastName: 'Viewer',
        groups: [{ id: '1003' }],
        role: 'read_only',
        status: 'inactive',
        permissions: ['access_audio'],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        role: 'read_only',
        vendorRole: 'ReadOnly',
        status: 'inactive',
        permissions: ['access_audio'],
      });
    });

    it('list and get agree on vendorRole, permissions and (where the list has it) dates', async () => {
      const got = await read('convirza:12345');
      const listed = await stack.call(
        'GET',
        '/v1/users?vendor=convirza&email=john.doe@example.com',
      );
      expect(listed.status).toBe(200);
      const [item] = listed.body.data;
      expect(item).toMatchObject({
        id: 'convirza:12345',
        vendorRole: got.vendorRole,
        permissions: got.permissions,
        createdAt: got.createdAt,
        phone: '+1234567890',
      });
      // The documented list item has no modification time (README: fields the list lacks).
      expect(item.updatedAt).toBeNull();
    });
  });

  describe('desk', () => {
    it("writes a role as the tenant's own id, learned from what the desk reads back", async () => {
      const put = await write('PUT', '/v1/users/desk:u-7f3a', {
        ...writableBody(await read('desk:u-7f3a')),
        role: 'admin',
      });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ role: 'admin', vendorRole: 'Admin' });
      expect(Object.keys((await read('desk:u-7f3a')).vendorData.roles)).toEqual([
        DESK_ROLE_ID.Admin,
      ]);
    });

    it('refuses a role whose id it cannot know, saying how to configure DESK_ROLE_IDS', async () => {
      const before = await read('desk:9004');
      stack.sandbox.resetStats();
      const error = expectError(
        await write('PUT', '/v1/users/desk:9004', { ...writableBody(before), role: 'manager' }),
        400,
        'invalid_request',
      );
      expect(error.message).toMatch(/DESK_ROLE_IDS/);
      expect(writes('desk')).toBe(0);
      expect(await read('desk:9004')).toEqual(before);
    });

    it('uses DESK_ROLE_IDS for a role no desk user holds', async () => {
      const configured = await startStack({
        env: { DESK_ROLE_IDS: `Supervisor:${DESK_ROLE_ID.Supervisor}` },
      });
      try {
        const put = await configured.call('PUT', '/v1/users/desk:9004', {
          key: WRITE_KEY,
          body: { email: 'carol.admin@scenario.example', status: 'active', role: 'manager' },
        });
        expect([put.status, put.body.vendorRole]).toEqual([200, 'Supervisor']);
      } finally {
        await configured.close();
      }
    });

    it('shows member_all_desks "1" as the "all desks" group and keeps it through a desk change', async () => {
      const before = await read('desk:u-7f3a');
      expect(before.groups).toEqual([
        { id: 'desk/*', name: 'All desks' },
        { id: 'desk/2', name: 'Support Desk' },
      ]);
      const put = await write('PUT', '/v1/users/desk:u-7f3a', {
        ...writableBody(before),
        groups: [{ id: 'desk/*' }, { id: 'desk/2' }, { id: 'desk/3' }],
      });
      expect(put.status).toBe(200);
      expect(put.body.groups.map((g: { id: string }) => g.id)).toEqual([
        'desk/*',
        'desk/2',
        'desk/3',
      ]);
    });
  });

  describe('Credira', () => {
    it('keeps suspended and billing_manager when a write changes neither', async () => {
      const patch = await write('PATCH', '/v1/users/credira:user_7f3e-91aa_b2', {
        ...writableBody(await read('credira:user_7f3e-91aa_b2')),
        department: 'billing',
      });
      expect(patch.status).toBe(200);
      const after = await read('credira:user_7f3e-91aa_b2');
      expect(after.vendorData).toMatchObject({
        status: 'suspended',
        role: 'senior_billing_manager',
        department: 'billing',
      });
      const page = await write('PUT', '/v1/users/credira:user_123456789', {
        displayName: 'John Q. Doe',
        status: 'inactive',
      });
      expect(page.status).toBe(200);
      expect((await read('credira:user_123456789')).vendorData).toMatchObject({
        role: 'billing_manager',
        status: 'inactive',
        name: 'John Q. Doe',
      });
    });

    it('reports a refusal of one user as vendor_forbidden, not as the gateway credentials', async () => {
      stack.sandbox.setFault('credira', { mode: '403', times: 1 });
      const error = expectError(
        await stack.call('GET', '/v1/users/credira:user_s12'),
        403,
        'vendor_forbidden',
      );
      expect(error.vendor).toBe('credira');
      stack.sandbox.setFault('credira', { mode: '403', times: 1 });
      const listed = await stack.call('GET', '/v1/users?vendor=credira');
      expect(listed.body.errors.map((e: { code: string }) => e.code)).toEqual([
        'vendor_auth_failed',
      ]);
    });

    it('deletes an id beyond user_<digits>', async () => {
      const deleted = await write('DELETE', '/v1/users/credira:usr-2b9c.7d?confirm=true');
      expect(deleted.status).toBe(204);
      expectError(await stack.call('GET', '/v1/users/credira:usr-2b9c.7d'), 404, 'not_found');
    });
  });

  describe('lists survive one odd record', () => {
    const ODD = {
      convirza: { ct_user_id: -5, email: 'odd@example.com', first_name: 'Odd' },
      desk: { id: 'a/../b', username: 'odd' },
      credira: { id: { nested: true }, email: 'odd@example.com', name: 'Odd' },
    } as const;

    it.each(Object.keys(ODD) as (keyof typeof ODD)[])(
      '%s: the record is reported, every other user still listed',
      async (vendor) => {
        const clean = await stack.call('GET', `/v1/users?vendor=${vendor}&limit=200`);
        stack.sandbox.addOddRecord(vendor, ODD[vendor]);
        const users: string[] = [];
        const errors: any[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 20; page++) {
          const answer: Answer = await stack.call(
            'GET',
            `/v1/users?vendor=${vendor}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(answer.status).toBe(200);
          users.push(...answer.body.data.map((u: { id: string }) => u.id));
          errors.push(...answer.body.errors);
          cursor = answer.body.nextCursor;
          if (cursor === null) break;
        }
        expect(users.length).toBeGreaterThanOrEqual(clean.body.data.length);
        expect(new Set(users).size).toBe(users.length);
        expect(errors).toEqual([
          expect.objectContaining({
            vendor,
            code: 'invalid_record',
            ...(vendor === 'convirza' ? { vendorId: '-5' } : {}),
          }),
        ]);
        if (vendor !== 'convirza') expect(errors[0].vendorId).toBeUndefined();
      },
    );

    it('reconciliation reads every other user and reports the record, the vendor still read', async () => {
      stack.sandbox.addOddRecord('desk', ODD.desk);
      const identities = await stack.call('GET', '/v1/identities?limit=10&vendor=desk');
      expect(identities.status).toBe(200);
      expect(identities.body.errors).toEqual([
        expect.objectContaining({ vendor: 'desk', code: 'invalid_record' }),
      ]);
      const summary = await stack.call('GET', '/v1/identities/summary');
      expect(summary.body.vendorsRead.sort()).toEqual(['convirza', 'credira', 'desk']);
      expect(summary.body.vendorsFailed).toEqual([]);
      expect(summary.body.vendors.desk.accounts).toBeGreaterThan(80);
    });
  });
});
