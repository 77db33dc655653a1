import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SANDBOX_CREDENTIALS } from '../credentials';
import { CONVIRZA_ROLES, ConvirzaRecord, ORG_UNITS } from '../seed/records';
import { SandboxStore } from '../store';
import { requestId, VendorDialect } from '../vendor-scope';
import { Body, EMAIL, isBody, nonEmptyString, optionalString } from './validation';

const envelope = (code: number, message: string, data: unknown) => ({
  code,
  message,
  data,
  request_id: requestId(),
  timestamp: new Date().toISOString(),
});
const errorBody = (status: number, message: string) => envelope(status, message, null);
const fail = (reply: FastifyReply, status: number, message: string) =>
  reply.code(status).send(errorBody(status, message));

const POSITIVE = /^[1-9][0-9]*$/;
const STATUSES = ['active', 'inactive', 'deleted'];

function listItem(user: ConvirzaRecord) {
  const role = CONVIRZA_ROLES.find((r) => r.id === user.role_id);
  return {
    ct_user_id: user.ct_user_id,
    email: user.username,
    first_name: user.first_name,
    last_name: user.last_name,
    user_ext_id: user.user_ext_id,
    status: user.user_status,
    agent_id: user.agent_code === null ? '' : String(user.agent_code),
    group: ORG_UNITS[user.ct_user_ou_id] ?? null,
    group_org_unit_id: user.ct_user_ou_id,
    role: role?.listName ?? user.role_name,
    access_audio: user.access_audio ? 'Yes' : 'No',
    timezone: user.timezone,
    agent_ring_to: user.agent_ring_to,
    created: user.user_created,
  };
}

type Mode = 'create' | 'replace' | 'patch';
const REQUIRED: Record<Mode, string[]> = {
  create: ['username', 'first_name', 'last_name', 'ct_user_ou_id', 'role'],
  replace: ['username', 'first_name', 'last_name', 'ct_user_ou_id', 'role', 'user_status'],
  patch: [],
};

/** Convirza's write rules; returns the problem (a 400, or a 409 for a taken email) or the changes. */
function checkWrite(
  store: SandboxStore,
  body: Body,
  mode: Mode,
  selfId?: number,
): { status: number; message: string } | Partial<ConvirzaRecord> {
  const missing = REQUIRED[mode].filter(
    (field) => body[field] === undefined || body[field] === null,
  );
  if (missing.length > 0)
    return { status: 400, message: `Missing required field(s): ${missing.join(', ')}` };
  const changes: Partial<ConvirzaRecord> = {};
  if (body.username !== undefined) {
    if (typeof body.username !== 'string' || !EMAIL.test(body.username))
      return { status: 400, message: 'username must be a valid email address' };
    const taken = [...store.convirza.values()].some(
      (u) =>
        u.ct_user_id !== selfId &&
        u.username.toLowerCase() === (body.username as string).toLowerCase(),
    );
    if (taken) return { status: 409, message: 'A user with this email address already exists' };
    changes.username = body.username;
  }
  for (const field of ['first_name', 'last_name'] as const) {
    if (body[field] === undefined) continue;
    if (!nonEmptyString(body[field], 100))
      return { status: 400, message: `${field} must be a non-empty string` };
    changes[field] = body[field] as string;
  }
  if (body.ct_user_ou_id !== undefined) {
    if (typeof body.ct_user_ou_id !== 'number' || !Number.isInteger(body.ct_user_ou_id))
      return { status: 400, message: 'ct_user_ou_id must be an integer' };
    if (!ORG_UNITS[body.ct_user_ou_id])
      return {
        status: 400,
        message: `Org unit ${body.ct_user_ou_id} does not exist or is outside your hierarchy`,
      };
    changes.ct_user_ou_id = body.ct_user_ou_id;
  }
  if (body.role !== undefined) {
    const role = CONVIRZA_ROLES.find((r) => r.name === body.role);
    if (!role) return { status: 400, message: 'role must be one of Admin, Standard, ReadOnly' };
    changes.role_id = role.id;
    changes.role_name = role.name;
  }
  if (body.user_status !== undefined) {
    const allowed = mode === 'create' ? ['active', 'inactive'] : STATUSES;
    if (!allowed.includes(body.user_status as string))
      return { status: 400, message: `user_status must be one of ${allowed.join(', ')}` };
    changes.user_status = body.user_status as ConvirzaRecord['user_status'];
  }
  for (const field of ['user_ext_id', 'timezone', 'agent_ring_to', 'aliases'] as const) {
    if (body[field] === undefined) continue;
    if (!optionalString(body[field], 100))
      return { status: 400, message: `${field} must be a string or null` };
    changes[field] = (body[field] as string | null) ?? null;
  }
  if (body.timezone !== undefined && body.timezone !== null) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: body.timezone as string });
    } catch {
      return { status: 400, message: 'timezone must be an IANA time zone' };
    }
  }
  if (body.agent_code !== undefined) {
    if (
      body.agent_code !== null &&
      (typeof body.agent_code !== 'number' || !Number.isInteger(body.agent_code))
    )
      return { status: 400, message: 'agent_code must be an integer' };
    changes.agent_code = body.agent_code as number | null;
  }
  for (const field of ['score_call', 'access_audio'] as const) {
    if (body[field] === undefined) continue;
    if (typeof body[field] !== 'boolean')
      return { status: 400, message: `${field} must be a boolean` };
    changes[field] = body[field] as boolean;
  }
  return changes;
}

const isProblem = (value: object): value is { status: number; message: string } =>
  'status' in value &&
  'message' in value &&
  typeof (value as { status: unknown }).status === 'number';

function routes(app: FastifyInstance, store: SandboxStore): void {
  const find = (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
  ): ConvirzaRecord | null => {
    const { id } = request.params;
    if (!POSITIVE.test(id) || Number(id) > Number.MAX_SAFE_INTEGER) {
      void fail(reply, 400, 'Invalid user id: must be a positive integer');
      return null;
    }
    const user = store.convirza.get(Number(id));
    if (!user) void fail(reply, 404, 'User not found');
    return user ?? null;
  };

  app.get<{ Querystring: Record<string, string | undefined> }>('/users', async (request, reply) => {
    const q = request.query;
    const limit = q.limit === undefined ? 100 : Number(q.limit);
    const offset = q.offset === undefined ? 0 : Number(q.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return fail(reply, 400, 'limit must be an integer from 1 to 1000');
    if (!Number.isInteger(offset) || offset < 0)
      return fail(reply, 400, 'offset must be a non-negative integer');
    if (q.role_id !== undefined && !['1', '2', '3'].includes(q.role_id))
      return fail(reply, 400, 'role_id must be 1, 2 or 3');
    if (q.user_status !== undefined && !STATUSES.includes(q.user_status))
      return fail(reply, 400, 'user_status must be active, inactive or deleted');
    const sortBy = q.sort_by ?? 'ct_user_id';
    const sortKeys: Record<string, (u: ConvirzaRecord) => string | number> = {
      ct_user_id: (u) => u.ct_user_id,
      first_name: (u) => u.first_name.toLowerCase(),
      last_name: (u) => u.last_name.toLowerCase(),
      email: (u) => u.username.toLowerCase(),
      created: (u) => u.user_created,
    };
    if (!sortKeys[sortBy])
      return fail(reply, 400, `sort_by must be one of ${Object.keys(sortKeys).join(', ')}`);
    if (q.sort_order !== undefined && !['asc', 'desc'].includes(q.sort_order))
      return fail(reply, 400, 'sort_order must be asc or desc');

    const email = q.email?.trim().toLowerCase();
    const name = q.name?.trim().toLowerCase();
    const users = [...store.convirza.values()].filter(
      (u) =>
        (email === undefined || u.username.toLowerCase() === email) &&
        (name === undefined ||
          u.first_name.toLowerCase().includes(name) ||
          u.last_name.toLowerCase().includes(name)) &&
        (q.role_id === undefined || u.role_id === Number(q.role_id)) &&
        (q.user_status === undefined || u.user_status === q.user_status) &&
        (q.org_unit_id === undefined || u.ct_user_ou_id === Number(q.org_unit_id)),
    );
    const key = sortKeys[sortBy];
    const direction = q.sort_order === 'desc' ? -1 : 1;
    users.sort((a, b) =>
      key(a) < key(b) ? -direction : key(a) > key(b) ? direction : a.ct_user_id - b.ct_user_id,
    );
    return envelope(200, 'Success', {
      users: users.slice(offset, offset + limit).map(listItem),
      total: users.length,
    });
  });

  app.get<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
    const user = find(request, reply);
    return user ? envelope(200, 'Success', user) : reply;
  });

  app.post('/users', async (request, reply) => {
    if (!isBody(request.body)) return fail(reply, 400, 'The body must be a JSON object');
    const checked = checkWrite(store, request.body, 'create');
    if (isProblem(checked)) return fail(reply, checked.status, checked.message);
    const id = store.nextConvirzaId();
    const now = new Date().toISOString();
    const user: ConvirzaRecord = {
      ct_user_id: id,
      username: '',
      first_name: '',
      last_name: '',
      user_ext_id: null,
      ct_user_ou_id: 1001,
      role_id: 2,
      role_name: 'Standard',
      user_status: 'active',
      score_call: false,
      access_audio: false,
      aliases: null,
      timezone: 'America/New_York',
      agent_ring_to: null,
      agent_code: null,
      user_created: now,
      user_modified: now,
      ...checked,
    };
    // "timezone defaults to the org unit timezone if not provided"
    if (user.timezone === null) user.timezone = 'America/New_York';
    store.convirza.set(id, user);
    return reply.code(201).send(envelope(200, 'Success', { userId: id }));
  });

  for (const [method, mode] of [
    ['PUT', 'replace'],
    ['PATCH', 'patch'],
  ] as const) {
    app.route<{ Params: { id: string } }>({
      method,
      url: '/users/:id',
      handler: async (request, reply) => {
        const user = find(request, reply);
        if (!user) return reply;
        if (!isBody(request.body)) return fail(reply, 400, 'The body must be a JSON object');
        const checked = checkWrite(store, request.body, mode, user.ct_user_id);
        if (isProblem(checked)) return fail(reply, checked.status, checked.message);
        Object.assign(user, checked, { user_modified: new Date().toISOString() });
        return envelope(200, 'Success', { userId: user.ct_user_id });
      },
    });
  }

  app.delete<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
    const user = find(request, reply);
    if (!user) return reply;
    user.user_status = 'deleted';
    user.user_modified = new Date().toISOString();
    return envelope(200, 'Success', { userId: user.ct_user_id });
  });
}

export const convirzaDialect: VendorDialect = {
  vendor: 'convirza',
  authorized: (request) =>
    request.headers.authorization === `Bearer ${SANDBOX_CREDENTIALS.convirzaToken}`,
  unauthorized: (reply) => fail(reply, 401, 'Unauthorized: invalid or expired token'),
  errorBody,
  wrongShape: () => ({
    code: 200,
    message: 'Success',
    data: 'unexpected',
    request_id: requestId(),
    timestamp: new Date().toISOString(),
  }),
  routes,
};
