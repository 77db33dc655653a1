import { FastifyInstance, FastifyReply } from 'fastify';
import { SANDBOX_CREDENTIALS } from '../credentials';
import { crediraUser } from '../seed/builders';
import { seededRandom, token } from '../seed/random';
import { CrediraRecord } from '../seed/records';
import { SandboxStore } from '../store';
import { requestId, VendorDialect } from '../vendor-scope';
import { Body, EMAIL, isBody, nonEmptyString, optionalString } from './validation';

const CODES: Record<number, string> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'INVALID_REQUEST',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
};
const meta = (extra: Record<string, unknown> = {}) => ({
  ...extra,
  timestamp: new Date().toISOString(),
  request_id: `req_${requestId().replace(/-/g, '').slice(0, 12)}`,
});
const errorBody = (status: number, message: string) => ({
  success: false,
  error: { code: CODES[status] ?? 'INTERNAL_ERROR', message },
  meta: meta(),
});
const ok = (data: unknown, extra: Record<string, unknown> = {}) => ({
  success: true,
  data,
  meta: meta(extra),
});
const fail = (reply: FastifyReply, status: number, message: string) =>
  reply.code(status).send(errorBody(status, message));

const ID = /^user_[A-Za-z0-9]{1,59}$/;
const STATUSES = ['active', 'inactive', 'suspended'];
const CREATE_FIELDS = ['email', 'name', 'company', 'role', 'department', 'phone', 'metadata'];
const UPDATE_FIELDS = ['name', 'role', 'department', 'phone', 'status', 'permissions', 'metadata'];

function checkFields(body: Body, allowed: string[]): string | null {
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) return `Unknown field(s): ${unknown.join(', ')}`;
  if (body.name !== undefined && !nonEmptyString(body.name))
    return 'name must be a non-empty string';
  for (const field of ['role', 'department', 'phone'])
    if (!optionalString(body[field], 100)) return `${field} must be a string`;
  if (body.metadata !== undefined && !isBody(body.metadata)) return 'metadata must be an object';
  if (body.status !== undefined && !STATUSES.includes(body.status as string))
    return `status must be one of ${STATUSES.join(', ')}`;
  if (
    body.permissions !== undefined &&
    (!Array.isArray(body.permissions) || !body.permissions.every((p) => typeof p === 'string'))
  )
    return 'permissions must be an array of strings';
  return null;
}

function routes(app: FastifyInstance, store: SandboxStore): void {
  const random = seededRandom(7070);
  const find = (id: string, reply: FastifyReply): CrediraRecord | null => {
    if (!ID.test(id)) {
      void fail(reply, 400, 'Invalid user ID format');
      return null;
    }
    const user = store.credira.get(id);
    if (!user) void fail(reply, 404, 'User not found');
    return user ?? null;
  };

  app.get<{ Querystring: Record<string, string | undefined> }>('/users', async (request, reply) => {
    const page = request.query.page === undefined ? 1 : Number(request.query.page);
    const limit = request.query.limit === undefined ? 20 : Number(request.query.limit);
    if (!Number.isInteger(page) || page < 1)
      return fail(reply, 400, 'page must be an integer of at least 1');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      return fail(reply, 400, 'limit must be an integer from 1 to 100');
    const users = [...store.credira.values()];
    const data = users.slice((page - 1) * limit, page * limit);
    return ok(data, {
      page,
      limit,
      total: users.length,
      total_pages: Math.ceil(users.length / limit),
    });
  });

  app.get<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
    const user = find(request.params.id, reply);
    return user ? ok(user) : reply;
  });

  app.post('/users', async (request, reply) => {
    const body = request.body;
    if (!isBody(body)) return fail(reply, 400, 'The body must be a JSON object');
    const missing = ['email', 'name', 'company'].filter((f) => !nonEmptyString(body[f]));
    if (missing.length > 0)
      return fail(reply, 400, `Missing required field(s): ${missing.join(', ')}`);
    if (!EMAIL.test(body.email as string)) return fail(reply, 400, 'email is not valid');
    const problem = checkFields(body, CREATE_FIELDS);
    if (problem) return fail(reply, 400, problem);
    const email = (body.email as string).trim();
    if ([...store.credira.values()].some((u) => u.email.toLowerCase() === email.toLowerCase()))
      return fail(reply, 409, 'A user with this email already exists');
    const now = new Date().toISOString();
    const user = crediraUser({
      id: store.nextCrediraId(),
      email,
      name: body.name as string,
      company: body.company as string,
      role: (body.role as string | null | undefined) ?? 'member',
      department: (body.department as string | null | undefined) ?? null,
      phone: (body.phone as string | null | undefined) ?? null,
      created_time: now,
      last_login: null,
      permissions: [],
      activity_stats: {
        total_calls_made: 0,
        total_emails_sent: 0,
        total_callouts_created: 0,
        last_activity: null,
      },
      metadata: (body.metadata as Record<string, unknown> | undefined) ?? {},
    });
    store.credira.set(user.id, user);
    // The api_key is shown once, on create, like a real secret key.
    return reply.code(201).send(ok({ ...user, api_key: `credira_sk_${token(random, 24)}` }));
  });

  app.put<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
    const user = find(request.params.id, reply);
    if (!user) return reply;
    const body = request.body;
    if (!isBody(body)) return fail(reply, 400, 'The body must be a JSON object');
    if (body.email !== undefined) return fail(reply, 400, 'email cannot be changed');
    const problem = checkFields(body, UPDATE_FIELDS);
    if (problem) return fail(reply, 400, problem);
    Object.assign(user, body);
    return ok(user);
  });

  app.delete<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
    const user = find(request.params.id, reply);
    if (!user) return reply;
    store.credira.delete(user.id);
    return ok({ id: user.id, deleted: true });
  });

  app.patch('/users/:id', async (_request, reply) =>
    fail(reply, 405, 'Method not allowed: use PUT'),
  );
}

export const crediraDialect: VendorDialect = {
  vendor: 'credira',
  authorized: (request) =>
    request.headers.authorization === `Bearer ${SANDBOX_CREDENTIALS.crediraApiKey}`,
  unauthorized: (reply) => fail(reply, 401, 'Invalid or missing API key'),
  errorBody,
  wrongShape: () => ({ success: true, data: 42, meta: {} }),
  routes,
};
