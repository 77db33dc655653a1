import { FastifyInstance, FastifyReply } from 'fastify';
import { SANDBOX_CREDENTIALS } from '../credentials';
import { DESK_DESKS, DESK_GROUPS, DESK_LANGUAGES, DESK_ROLES, DeskRecord } from '../seed/records';
import { seededRandom, token } from '../seed/random';
import { SandboxStore } from '../store';
import { VendorDialect } from '../vendor-scope';
import { Body, EMAIL, isBody, nonEmptyString, optionalString } from './validation';

const errorBody = (_status: number, message: string) => ({ success: false, message });
const fail = (reply: FastifyReply, status: number, message: string) =>
  reply.code(status).send(errorBody(status, message));
const EXPECTED_AUTH = `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.deskUsername}:${SANDBOX_CREDENTIALS.deskPassword}`).toString('base64')}`;

/** Reads show every scalar as a string, roles as an object id -> name; the password never. */
function render(user: DeskRecord) {
  const { password: _never, desks, roles, groups, ...scalars } = user;
  return {
    ...scalars,
    desks: desks.map((id) => ({ id, name: DESK_DESKS[id] ?? null })),
    roles: Object.fromEntries(roles.map((id) => [id, DESK_ROLES[id] ?? 'Unknown'])),
    groups: groups.map((id) => ({ id, name: DESK_GROUPS[id] ?? null })),
  };
}

/** Flags arrive as numbers 1/0 (strings "1"/"0" tolerated, as the desk itself sends them). */
function flag(value: unknown): string | null {
  if (value === 1 || value === '1' || value === true) return '1';
  if (value === 0 || value === '0' || value === false) return '0';
  return null;
}

function ids(value: unknown, known: Record<string, string>, field: string): string[] | string {
  if (!Array.isArray(value)) return `${field} must be an array of ids`;
  const out: string[] = [];
  for (const item of value) {
    const id = String(item);
    if (!/^[0-9]+$/.test(id) || !known[id]) return `${field}: unknown id ${id}`;
    out.push(id);
  }
  return out;
}

function checkWrite(
  store: SandboxStore,
  body: Body,
  create: boolean,
  selfId?: string,
): { status: number; message: string } | Partial<DeskRecord> {
  if (create) {
    const missing = ['username', 'password', 'email'].filter(
      (f) => body[f] === undefined || body[f] === null || body[f] === '',
    );
    if (missing.length > 0)
      return { status: 400, message: `Missing required field(s): ${missing.join(', ')}` };
  }
  const changes: Partial<DeskRecord> = {};
  if (body.username !== undefined) {
    if (!nonEmptyString(body.username, 128))
      return { status: 400, message: 'username must be a non-empty string' };
    if ([...store.desk.values()].some((u) => u.id !== selfId && u.username === body.username))
      return { status: 409, message: 'Username already exists' };
    changes.username = body.username;
  }
  if (body.password !== undefined) {
    if (typeof body.password !== 'string' || body.password.length < 8)
      return { status: 400, message: 'password must be at least 8 characters' };
    changes.password = body.password;
  }
  if (body.email !== undefined) {
    if (typeof body.email !== 'string' || !EMAIL.test(body.email))
      return { status: 400, message: 'email is not valid' };
    changes.email = body.email;
  }
  if (body.is_active !== undefined) {
    const value = flag(body.is_active);
    if (value === null) return { status: 400, message: 'is_active must be 1 or 0' };
    changes.is_active = value;
  }
  for (const field of ['first_name', 'last_name', 'sip_uri'] as const) {
    if (body[field] === undefined) continue;
    if (!optionalString(body[field], 100))
      return { status: 400, message: `${field} must be a string` };
    changes[field] = (body[field] as string | null) ?? '';
  }
  if (body.default_language !== undefined) {
    if (!DESK_LANGUAGES.includes(body.default_language as string))
      return {
        status: 400,
        message: `default_language must be one of ${DESK_LANGUAGES.join(', ')}`,
      };
    changes.default_language = body.default_language as string;
  }
  if (body.desks !== undefined) {
    const desks = ids(body.desks, DESK_DESKS, 'desks');
    if (typeof desks === 'string') return { status: 400, message: desks };
    changes.desks = desks;
  }
  if (body.roles !== undefined) {
    const roles = ids(body.roles, DESK_ROLES, 'roles');
    if (typeof roles === 'string') return { status: 400, message: roles };
    changes.roles = roles;
  }
  return changes;
}

const isProblem = (value: object): value is { status: number; message: string } =>
  typeof (value as { status?: unknown }).status === 'number';

function routes(app: FastifyInstance, store: SandboxStore): void {
  const random = seededRandom(9090);
  const sorted = () => [...store.desk.values()].sort((a, b) => Number(a.id) - Number(b.id));

  app.get('/users', async () => sorted().map(render));

  app.get<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
    if (!/^[0-9]+$/.test(request.params.id)) return fail(reply, 400, 'Invalid user id');
    const user = store.desk.get(String(Number(request.params.id)));
    return user ? [render(user)] : [];
  });

  app.post('/users', async (request, reply) => {
    if (!isBody(request.body)) return fail(reply, 400, 'The body must be a JSON object');
    const checked = checkWrite(store, request.body, true);
    if (isProblem(checked)) return fail(reply, checked.status, checked.message);
    const id = store.nextDeskId();
    const username = checked.username as string;
    const user: DeskRecord = {
      id,
      username,
      email: '',
      registration_password: token(random, 12),
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
      virtual_extension: String(1000 + Number(id)),
      default_language: 'en_US',
      max_session_time: '0',
      max_concurrent_sessions: '1',
      twofa_type: 'default',
      member_all_desks: '0',
      desks: [],
      roles: ['3'],
      groups: [],
      ...checked,
    };
    store.desk.set(id, user);
    return reply.code(201).send({ success: true, id });
  });

  app.put<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
    if (!/^[0-9]+$/.test(request.params.id)) return fail(reply, 400, 'Invalid user id');
    const user = store.desk.get(String(Number(request.params.id)));
    if (!user) return fail(reply, 404, 'User not found');
    if (!isBody(request.body)) return fail(reply, 400, 'The body must be a JSON object');
    const checked = checkWrite(store, request.body, false, user.id);
    if (isProblem(checked)) return fail(reply, checked.status, checked.message);
    Object.assign(user, checked);
    return { success: true };
  });

  for (const method of ['DELETE', 'PATCH'] as const) {
    app.route({
      method,
      url: '/users/:id',
      handler: async (_request, reply) => fail(reply, 405, 'Method not allowed'),
    });
  }
}

export const deskDialect: VendorDialect = {
  vendor: 'desk',
  authorized: (request) => request.headers.authorization === EXPECTED_AUTH,
  unauthorized: (reply) =>
    reply
      .code(401)
      .header('www-authenticate', 'Basic realm="desk"')
      .send(errorBody(401, 'Unauthorized')),
  errorBody,
  wrongShape: () => ({ unexpected: true }),
  routes,
};
