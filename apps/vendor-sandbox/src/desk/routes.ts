import { FastifyInstance } from 'fastify';
import { DESK_ROLE_ID, DeskRecord } from '../seed/records';
import { seededRandom, token } from '../seed/random';
import { SandboxStore } from '../store';
import { isBody, isProblem } from '../validation';
import { fail } from './errors';
import { renderDeskUser } from './render';
import { checkDeskWrite } from './write-rules';

// The page says only "id (string)": any id the desk has is served; one that cannot be an id is a 400 (assumed).
// eslint-disable-next-line no-control-regex
const ID = /^[^/\\\u0000-\u001f]{1,128}$/;
type ById = { Params: { id: string } };

const newUser = (id: string, username: string, registrationPassword: string): DeskRecord => ({
  id,
  username,
  email: '',
  registration_password: registrationPassword,
  is_active: '1',
  is_clockedin: '0',
  sip_uri: `sip:${username}@sandbox.td.commpeak.com`,
  auto_dial: '0',
  is_deleted: '0',
  use_extended_ip_acl: '0',
  user_route_caller_id: '',
  timezone_id: '17',
  use_webrtc: '1',
  first_name: '',
  last_name: '',
  virtual_extension: /^[0-9]+$/.test(id) ? String(1000 + Number(id)) : '',
  default_language: 'en_US',
  max_session_time: '0',
  max_concurrent_sessions: '1',
  twofa_type: 'default',
  member_all_desks: '0',
  desks: [],
  roles: [DESK_ROLE_ID.Agent],
  groups: [],
});

export function deskRoutes(app: FastifyInstance, store: SandboxStore): void {
  // Seeded, so that two sandboxes hand out the same registration passwords in the same order.
  const random = seededRandom(9090);
  // Ids are exact strings: "0042" is not "42" (the page promises nothing else).
  const byId = (id: string) => store.desk.get(id);

  // No order is promised: the store's insertion order, with any odd records appended.
  app.get('/users', async () => [
    ...[...store.desk.values()].map(renderDeskUser),
    ...store.oddRecords.desk,
  ]);

  // The desk answers a bare array even for one id, and [] (not 404) for an unknown one.
  app.get<ById>('/users/:id', async (request, reply) => {
    if (!ID.test(request.params.id)) return fail(reply, 400, 'Invalid user id');
    const user = byId(request.params.id);
    return user ? [renderDeskUser(user)] : [];
  });

  app.post('/users', async (request, reply) => {
    if (!isBody(request.body)) return fail(reply, 400, 'The body must be a JSON object');
    const checked = checkDeskWrite(store.desk.values(), request.body, true);
    if (isProblem(checked)) return fail(reply, checked.status, checked.message);
    const id = store.nextDeskId();
    const user = { ...newUser(id, String(checked.username), token(random, 12)), ...checked };
    store.desk.set(id, user);
    return reply.code(201).send({ success: true, id });
  });

  app.put<ById>('/users/:id', async (request, reply) => {
    if (!ID.test(request.params.id)) return fail(reply, 400, 'Invalid user id');
    const user = byId(request.params.id);
    if (!user) return fail(reply, 404, 'User not found');
    if (!isBody(request.body)) return fail(reply, 400, 'The body must be a JSON object');
    const checked = checkDeskWrite(store.desk.values(), request.body, false, user.id);
    if (isProblem(checked)) return fail(reply, checked.status, checked.message);
    Object.assign(user, checked);
    return { success: true };
  });

  // No delete (nor partial update) is documented for the desk.
  for (const method of ['DELETE', 'PATCH'] as const) {
    app.route({
      method,
      url: '/users/:id',
      handler: async (_request, reply) => fail(reply, 405, 'Method not allowed'),
    });
  }
}
