import { RunningSandbox, startSandbox } from '../index';
import { AUTH, sandboxClient } from '../testing/sandbox-client';
import { DESK_ROLE_ID as R } from '../seed/records';

const USERS = '/desk/api/users';
const SCALARS = [
  'id',
  'username',
  'email',
  'registration_password',
  'is_active',
  'is_clockedin',
  'sip_uri',
  'auto_dial',
  'is_deleted',
  'use_extended_ip_acl',
  'user_route_caller_id',
  'timezone_id',
  'use_webrtc',
  'first_name',
  'last_name',
  'virtual_extension',
  'default_language',
  'max_session_time',
  'max_concurrent_sessions',
  'twofa_type',
  'member_all_desks',
];
const NEW = {
  username: 'agent.new',
  password: 'correct horse',
  email: 'agent.new@example.com',
  is_active: 1,
};

describe('sandbox: desk', () => {
  let sandbox: RunningSandbox;
  const request = sandboxClient<any>(() => sandbox.url);
  const call = (method: string, path: string, body?: unknown) =>
    request(method, path, AUTH.desk, body);

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('answers one user as a bare array of strings, roles as an object', async () => {
    const answer = await call('GET', `${USERS}/9001`);
    expect(Array.isArray(answer.json)).toBe(true);
    const [user] = answer.json;
    for (const field of SCALARS) expect([field, typeof user[field]]).toEqual([field, 'string']);
    expect(user).toMatchObject({
      id: '9001',
      email: 'alice.walker@scenario.example',
      is_deleted: '1',
      is_active: '0',
      roles: { [R.Agent]: 'Agent' },
      desks: [{ id: expect.any(String), name: expect.any(String) }],
      groups: [{ id: expect.any(String), name: expect.any(String) }],
    });
    expect(user.registration_password.length).toBeGreaterThan(0);
    expect(['default', 'disabled', 'email', 'google']).toContain(user.twofa_type);
  });

  it('lists every user as one bare array, no paging', async () => {
    const answer = await call('GET', USERS);
    expect(Array.isArray(answer.json)).toBe(true);
    expect(answer.json.length).toBeGreaterThanOrEqual(110);
    expect(answer.json.every((u: any) => typeof u.registration_password === 'string')).toBe(true);
    expect(answer.json.some((u: any) => 'password' in u)).toBe(false);
  });

  it('creates: 201 {success,id}, arrays of ids in, objects out, password never read back', async () => {
    const created = await call('POST', USERS, {
      ...NEW,
      roles: [Number(R.Supervisor), R.Viewer],
      desks: [3],
      default_language: 'pt_BR',
      first_name: 'Ana',
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ success: true, id: '9014' });
    const read = await call('GET', `${USERS}/9014`);
    expect(read.text).not.toContain(NEW.password);
    expect(read.json[0]).toMatchObject({
      username: NEW.username,
      is_active: '1',
      roles: { [R.Supervisor]: 'Supervisor', [R.Viewer]: 'Viewer' },
      desks: [{ id: '3', name: 'Retention Desk' }],
      default_language: 'pt_BR',
      first_name: 'Ana',
    });
    expect(read.json[0].registration_password).toEqual(expect.any(String));
  });

  it('enforces the create rules, naming the field', async () => {
    const rejected = async (body: object, field: string) => {
      const answer = await call('POST', USERS, body);
      expect([answer.status, answer.json.success]).toEqual([400, false]);
      expect(answer.json.message).toContain(field);
    };
    await rejected({ ...NEW, username: undefined }, 'username');
    await rejected({ ...NEW, password: undefined }, 'password');
    await rejected({ ...NEW, password: 'short' }, 'password');
    await rejected({ ...NEW, email: undefined }, 'email');
    await rejected({ ...NEW, is_active: 'yes' }, 'is_active');
    await rejected({ ...NEW, default_language: 'fr_FR' }, 'default_language');
    await rejected({ ...NEW, desks: [9] }, 'desks');
    // The small fixed ids a guessing adapter would send are not this tenant's.
    for (const guess of [1, 2, 3, 4]) await rejected({ ...NEW, roles: [guess] }, 'roles');
    await rejected({ ...NEW, roles: { [R.Agent]: 'Agent' } }, 'roles');
    const taken = await call('POST', USERS, { ...NEW, username: 'frontdesk1' });
    expect([taken.status, taken.json.success]).toEqual([409, false]);
    // Emails are not unique at the desk.
    const shared = await call('POST', USERS, { ...NEW, email: 'frontdesk@scenario.example' });
    expect(shared.status).toBe(201);
  });

  it('PUT changes the given fields, arrays replace; username stays unique', async () => {
    const put = await call('PUT', `${USERS}/9004`, {
      roles: [Number(R.Admin)],
      is_active: 0,
      last_name: 'A.',
    });
    expect([put.status, put.json]).toEqual([200, { success: true }]);
    expect((await call('GET', `${USERS}/9004`)).json[0]).toMatchObject({
      roles: { [R.Admin]: 'Admin' },
      is_active: '0',
      last_name: 'A.',
      first_name: 'Carol',
    });
    expect((await call('PUT', `${USERS}/9004`, { username: 'frontdesk2' })).status).toBe(409);
    expect((await call('PUT', `${USERS}/9004`, { username: 'cadmin' })).status).toBe(200);
    expect((await call('PUT', `${USERS}/9004`, { roles: [99] })).status).toBe(400);
  });

  it('serves ids that are not all digits, exactly as stored', async () => {
    expect((await call('GET', `${USERS}/u-7f3a`)).json[0]).toMatchObject({
      id: 'u-7f3a',
      member_all_desks: '1',
    });
    expect((await call('GET', `${USERS}/ag.0042`)).json[0].id).toBe('ag.0042');
    expect((await call('GET', `${USERS}/0009001`)).json).toEqual([]);
  });

  it('has no DELETE nor PATCH', async () => {
    for (const method of ['DELETE', 'PATCH']) {
      const answer = await call(method, `${USERS}/9001`, method === 'PATCH' ? {} : undefined);
      expect([answer.status, answer.json]).toEqual([
        405,
        { success: false, message: 'Method not allowed' },
      ]);
    }
  });
});
