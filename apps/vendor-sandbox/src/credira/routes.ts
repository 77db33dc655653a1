import { FastifyInstance, FastifyReply } from 'fastify';
import { crediraUser } from '../seed/builders';
import { seededRandom, token } from '../seed/random';
import { CrediraRecord } from '../seed/records';
import { SandboxStore } from '../store';
import { Body, isBody } from '../validation';
import { fail, ok } from './envelope';
import { checkCrediraCreate, checkCrediraUpdate } from './write-rules';

// The page shows one example id; any id Credira has is served. Characters no id is
// made of (assumed: beyond letters, digits, "_", "-", ".") answer the page's 400.
const ID = /^[A-Za-z0-9_.-]{1,128}$/;
type ById = { Params: { id: string } };
type Paging = { Querystring: { page?: string; limit?: string } };

const whole = (value: string | undefined, fallback: number): number =>
  value === undefined ? fallback : /^-?[0-9]+$/.test(value) ? Number(value) : NaN;

const optional = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function created(id: string, body: Body, now: string): CrediraRecord {
  const metadata = isBody(body.metadata) ? body.metadata : {};
  return crediraUser({
    id,
    email: String(body.email).trim(),
    name: String(body.name),
    company: String(body.company),
    role: optional(body.role) ?? 'member',
    department: optional(body.department),
    phone: optional(body.phone),
    created_time: now,
    last_login: null,
    permissions: [],
    activity_stats: {
      total_calls_made: 0,
      total_emails_sent: 0,
      total_callouts_created: 0,
      last_activity: null,
    },
    // Every Credira user carries a timezone and a language; the caller's metadata wins.
    metadata: { timezone: 'UTC', language: 'en', ...metadata },
  });
}

export function crediraRoutes(app: FastifyInstance, store: SandboxStore): void {
  // Seeded, so that two sandboxes hand out the same keys in the same order.
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

  app.get<Paging>('/users', async (request, reply) => {
    const page = whole(request.query.page, 1);
    const limit = whole(request.query.limit, 20);
    if (!Number.isInteger(page) || page < 1)
      return fail(reply, 400, 'page must be an integer of at least 1');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      return fail(reply, 400, 'limit must be an integer from 1 to 100');
    // A Map keeps insertion order: creation order, stable across pages; a test's odd records last.
    const users: unknown[] = [...store.credira.values(), ...store.oddRecords.credira];
    return ok(users.slice((page - 1) * limit, page * limit), {
      page,
      limit,
      total: users.length,
      total_pages: Math.ceil(users.length / limit),
    });
  });

  app.get<ById>('/users/:id', async (request, reply) => {
    const user = find(request.params.id, reply);
    return user ? ok(user) : reply;
  });

  app.post('/users', async (request, reply) => {
    const body = request.body;
    if (!isBody(body)) return fail(reply, 400, 'The body must be a JSON object');
    const problem = checkCrediraCreate(body);
    if (problem) return fail(reply, 400, problem);
    const email = String(body.email).trim().toLowerCase();
    for (const u of store.credira.values())
      if (u.email.trim().toLowerCase() === email)
        return fail(reply, 409, 'A user with this email already exists');
    const user = created(store.nextCrediraId(), body, new Date().toISOString());
    store.credira.set(user.id, user);
    // The api_key is shown once, on create, like any secret key: reads never carry it.
    return reply.code(201).send(ok({ ...user, api_key: `credira_sk_${token(random, 24)}` }));
  });

  app.put<ById>('/users/:id', async (request, reply) => {
    const user = find(request.params.id, reply);
    if (!user) return reply;
    const body = request.body;
    if (!isBody(body)) return fail(reply, 400, 'The body must be a JSON object');
    const problem = checkCrediraUpdate(body);
    if (problem) return fail(reply, 400, problem);
    Object.assign(user, body);
    return ok(user);
  });

  // Irreversible: the user is gone, a later GET is a 404.
  app.delete<ById>('/users/:id', async (request, reply) => {
    const user = find(request.params.id, reply);
    if (!user) return reply;
    store.credira.delete(user.id);
    return ok({ id: user.id, deleted: true });
  });

  app.patch('/users/:id', async (_request, reply) =>
    fail(reply, 405, 'Method not allowed: use PUT'),
  );
}
