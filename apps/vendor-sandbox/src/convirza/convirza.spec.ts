import { RunningSandbox, startSandbox } from '../index';
import { AUTH, sandboxClient } from '../testing/sandbox-client';

const USERS = '/convirza/v3/users';
const NEW = {
  username: 'new.person@example.com',
  first_name: 'New',
  last_name: 'Person',
  ct_user_ou_id: 1002,
  role: 'ReadOnly',
};

describe('sandbox: Convirza v3', () => {
  let sandbox: RunningSandbox;
  const request = sandboxClient<any>(() => sandbox.url);
  const call = (method: string, path: string, body?: unknown) =>
    request(method, path, AUTH.convirza, body);

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('answers Get User in the page shape, inside the envelope', async () => {
    const answer = await call('GET', `${USERS}/50008`);
    expect(answer.json).toMatchObject({ code: 200, message: 'Success' });
    expect(Object.keys(answer.json.data).sort()).toEqual(
      [
        'ct_user_id',
        'username',
        'first_name',
        'last_name',
        'user_ext_id',
        'ct_user_ou_id',
        'role_id',
        'role_name',
        'user_status',
        'score_call',
        'access_audio',
        'aliases',
        'timezone',
        'agent_ring_to',
        'agent_code',
        'user_created',
        'user_modified',
      ].sort(),
    );
    expect(answer.json.data).toMatchObject({
      ct_user_id: 50008,
      username: 'grace.hopper@scenario.example',
      user_ext_id: 'EMP-0042',
      agent_ring_to: null,
      role_id: 2,
      role_name: 'Standard',
    });
  });

  it('lists in the list-item shape, by id, with limit/offset and a total', async () => {
    const all = (await call('GET', `${USERS}?limit=1000`)).json.data;
    const ids = all.users.map((u: any) => u.ct_user_id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(all.total).toBe(all.users.length);
    expect((await call('GET', USERS)).json.data.users).toHaveLength(100);

    const page = (await call('GET', `${USERS}?limit=5&offset=2`)).json.data;
    expect(page.users.map((u: any) => u.ct_user_id)).toEqual(ids.slice(2, 7));
    expect(page.total).toBe(all.total);
    const carol = all.users.find((u: any) => u.ct_user_id === 50004);
    expect(carol).toEqual({
      ct_user_id: 50004,
      email: 'carol.admin@scenario.example',
      first_name: 'Carol',
      last_name: 'Admin',
      user_ext_id: null,
      status: 'active',
      agent_id: expect.any(String),
      group: 'Sales East',
      group_org_unit_id: 1001,
      role: 'Admin',
      access_audio: expect.stringMatching(/^(Yes|No)$/),
      timezone: expect.any(String),
      agent_ring_to: null,
      created: expect.any(String),
    });
    expect(all.users.find((u: any) => u.ct_user_id === 50006).status).toBe('deleted');
  });

  it('filters by email, name, role, status and org unit', async () => {
    const list = async (query: string) =>
      (await call('GET', `${USERS}?limit=1000&${query}`)).json.data.users as any[];
    expect((await list('email=bob.stone@SCENARIO.example')).map((u) => u.ct_user_id)).toEqual([
      50002,
    ]);
    expect((await list('name=smy')).map((u) => u.ct_user_id)).toEqual([50003]);
    const admins = await list('role_id=1');
    expect(admins.length).toBeGreaterThan(1);
    expect(admins.every((u) => u.role === 'Admin')).toBe(true);
    expect((await list('user_status=deleted')).map((u) => u.ct_user_id)).toEqual([50006]);
    const inactive = await list('user_status=inactive');
    expect(inactive.length).toBeGreaterThan(3);
    const support = await list('org_unit_id=1003');
    expect(support.length).toBeGreaterThan(0);
    expect(support.every((u) => u.group === 'Support' && u.group_org_unit_id === 1003)).toBe(true);
  });

  it('answers 400 on out-of-range list parameters', async () => {
    for (const query of [
      'limit=0',
      'limit=1001',
      'limit=abc',
      'offset=-1',
      'offset=1.5',
      'role_id=4',
      'user_status=gone',
      'org_unit_id=x',
      'sort_order=up',
    ]) {
      const answer = await call('GET', `${USERS}?${query}`);
      expect([query, answer.status, answer.json.code]).toEqual([query, 400, 400]);
    }
  });

  it('creates with 201, envelope code 200 and the next id', async () => {
    const created = await call('POST', USERS, { ...NEW, agent_code: 7, score_call: true });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ code: 200, data: { userId: 50014 } });
    const read = (await call('GET', `${USERS}/50014`)).json.data;
    expect(read).toMatchObject({
      username: NEW.username,
      ct_user_ou_id: 1002,
      role_id: 3,
      role_name: 'ReadOnly',
      user_status: 'active',
      agent_code: 7,
      score_call: true,
    });
  });

  it('enforces the create rules', async () => {
    const rejected = async (body: object) => (await call('POST', USERS, body)).status;
    for (const field of Object.keys(NEW)) {
      const body: Record<string, unknown> = { ...NEW };
      delete body[field];
      expect([field, await rejected(body)]).toEqual([field, 400]);
    }
    expect(await rejected({ ...NEW, username: 'not-an-email' })).toBe(400);
    expect(await rejected({ ...NEW, first_name: '' })).toBe(400);
    expect(await rejected({ ...NEW, ct_user_ou_id: 1005 })).toBe(400);
    expect(await rejected({ ...NEW, ct_user_ou_id: '1001' })).toBe(400);
    expect(await rejected({ ...NEW, role: 'Owner' })).toBe(400);
    expect(await rejected({ ...NEW, user_status: 'deleted' })).toBe(400);
    expect(await rejected({ ...NEW, agent_code: '10' })).toBe(400);
    expect(await rejected({ ...NEW, access_audio: 'yes' })).toBe(400);
    expect(await rejected({ ...NEW, timezone: 'Mars/Olympus' })).toBe(400);
    // Deleted users keep their email: it stays taken.
    expect(await rejected({ ...NEW, username: 'ERIN.LEFT@scenario.example' })).toBe(409);
    const conflict = await call('POST', USERS, {
      ...NEW,
      username: 'Alice.Walker@Scenario.Example',
    });
    expect(conflict.json).toMatchObject({ code: 409, data: null });
  });

  it('PUT replaces, PATCH changes a subset, both validated', async () => {
    const full = { ...NEW, user_status: 'inactive' };
    expect((await call('PUT', `${USERS}/50001`, NEW)).status).toBe(400);
    const put = await call('PUT', `${USERS}/50001`, full);
    expect([put.status, put.json.data]).toEqual([200, { userId: 50001 }]);
    const afterPut = (await call('GET', `${USERS}/50001`)).json.data;
    expect(afterPut).toMatchObject({ username: NEW.username, role_id: 3, user_status: 'inactive' });
    expect(afterPut.user_modified).not.toBe('2025-02-15T09:00:00Z');

    const patch = await call('PATCH', `${USERS}/50001`, { last_name: 'Walker-Smith' });
    expect([patch.status, patch.json.data]).toEqual([200, { userId: 50001 }]);
    expect((await call('GET', `${USERS}/50001`)).json.data).toMatchObject({
      first_name: 'New',
      last_name: 'Walker-Smith',
    });
    expect((await call('PATCH', `${USERS}/50001`, { role: 'Boss' })).status).toBe(400);
    expect(
      (await call('PATCH', `${USERS}/50001`, { username: 'bob.stone@scenario.example' })).status,
    ).toBe(409);
    // Its own email is not a conflict.
    expect((await call('PATCH', `${USERS}/50001`, { username: NEW.username })).status).toBe(200);
    expect((await call('PATCH', `${USERS}/999999`, { last_name: 'X' })).status).toBe(404);
    expect((await call('PUT', `${USERS}/999999`, full)).status).toBe(404);
  });

  it('PUT is a full update: fields the body leaves out are reset (the Update page)', async () => {
    const before = (await call('GET', `${USERS}/12345`)).json.data;
    expect(before).toMatchObject({ agent_code: 10, access_audio: true, user_ext_id: 'EXT-001' });
    const put = await call('PUT', `${USERS}/12345`, {
      username: before.username,
      first_name: before.first_name,
      last_name: before.last_name,
      ct_user_ou_id: before.ct_user_ou_id,
      role: before.role_name,
      user_status: before.user_status,
    });
    expect(put.status).toBe(200);
    expect((await call('GET', `${USERS}/12345`)).json.data).toMatchObject({
      agent_code: null,
      access_audio: false,
      score_call: false,
      user_ext_id: null,
      agent_ring_to: null,
    });
  });

  it('takes the role as role_id (the rule) or role (the examples), agreeing when both', async () => {
    const byId = await call('POST', USERS, { ...NEW, role: undefined, role_id: 1 });
    expect(byId.status).toBe(201);
    expect((await call('GET', `${USERS}/${byId.json.data.userId}`)).json.data).toMatchObject({
      role_id: 1,
      role_name: 'Admin',
    });
    const both = await call('POST', USERS, {
      ...NEW,
      username: 'both@example.com',
      role: 'Admin',
      role_id: 1,
    });
    expect(both.status).toBe(201);
    const disagree = { ...NEW, username: 'x@example.com', role: 'Admin', role_id: 2 };
    expect((await call('POST', USERS, disagree)).status).toBe(400);
    const unknownRole = { ...NEW, username: 'y@example.com', role: undefined, role_id: 9 };
    expect((await call('POST', USERS, unknownRole)).status).toBe(400);
  });

  it('answers a test odd record in its list, after every real user', async () => {
    sandbox.addOddRecord('convirza', { ct_user_id: 'not-a-number', email: 'odd@example.com' });
    const first = (await call('GET', `${USERS}?limit=1000`)).json.data;
    expect(first.users[first.users.length - 1]).toEqual({
      ct_user_id: 'not-a-number',
      email: 'odd@example.com',
    });
    expect(first.total).toBe(first.users.length);
  });

  it('soft-deletes: the user still reads back and lists', async () => {
    const deleted = await call('DELETE', `${USERS}/50001`);
    expect([deleted.status, deleted.json.data]).toEqual([200, { userId: 50001 }]);
    expect((await call('GET', `${USERS}/50001`)).json.data.user_status).toBe('deleted');
    const listed = (await call('GET', `${USERS}?email=alice.walker@scenario.example`)).json.data;
    expect(listed.users[0].status).toBe('deleted');
    expect((await call('DELETE', `${USERS}/999999`)).status).toBe(404);
  });
});
