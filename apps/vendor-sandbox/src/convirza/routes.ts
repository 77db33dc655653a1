import { FastifyInstance, FastifyReply } from 'fastify';
import { ConvirzaRecord } from '../seed/records';
import { SandboxStore } from '../store';
import { isBody, isProblem } from '../validation';
import { envelope, fail } from './envelope';
import { ListQuery, listUsers } from './list';
import { checkConvirzaWrite, PUT_RESETS } from './write-rules';

const POSITIVE = /^[1-9][0-9]*$/;
type ById = { Params: { id: string } };

const newUser = (id: number, now: string): ConvirzaRecord => ({
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
  // The Create page: "timezone defaults to the org unit timezone"; every seeded unit is Eastern.
  timezone: 'America/New_York',
  agent_ring_to: null,
  agent_code: null,
  user_created: now,
  user_modified: now,
});

export function convirzaRoutes(app: FastifyInstance, store: SandboxStore): void {
  /** The user of a path id, or null once the 400/404 has been sent. */
  const find = (id: string, reply: FastifyReply): ConvirzaRecord | null => {
    if (!POSITIVE.test(id) || Number(id) > Number.MAX_SAFE_INTEGER) {
      void fail(reply, 400, 'Invalid user id: must be a positive integer');
      return null;
    }
    const user = store.convirza.get(Number(id));
    if (!user) void fail(reply, 404, 'User not found');
    return user ?? null;
  };

  app.get<{ Querystring: ListQuery }>('/users', async (request, reply) => {
    const page = listUsers(store.convirza.values(), request.query);
    if (isProblem(page)) return fail(reply, page.status, page.message);
    // A test's odd records come after every real user, on whichever page reaches them.
    const odd = store.oddRecords.convirza;
    if (odd.length === 0) return envelope(200, 'Success', page);
    const offset = Number(request.query.offset ?? 0);
    const limit = Number(request.query.limit ?? 100);
    const from = Math.max(0, offset - page.total);
    const room = limit - page.users.length;
    const extra = offset + page.users.length >= page.total ? odd.slice(from, from + room) : [];
    return envelope(200, 'Success', {
      users: [...page.users, ...extra],
      total: page.total + odd.length,
    });
  });

  app.get<ById>('/users/:id', async (request, reply) => {
    const user = find(request.params.id, reply);
    return user ? envelope(200, 'Success', user) : reply;
  });

  app.post('/users', async (request, reply) => {
    if (!isBody(request.body)) return fail(reply, 400, 'The body must be a JSON object');
    const checked = checkConvirzaWrite(store.convirza.values(), request.body, 'create');
    if (isProblem(checked)) return fail(reply, checked.status, checked.message);
    const id = store.nextConvirzaId();
    const user = { ...newUser(id, new Date().toISOString()), ...checked };
    if (user.timezone === null) user.timezone = 'America/New_York';
    store.convirza.set(id, user);
    // The page's header says 201 while its body says code 200: both, as the real API does.
    return reply.code(201).send(envelope(200, 'Success', { userId: id }));
  });

  for (const [method, mode] of [
    ['PUT', 'replace'],
    ['PATCH', 'patch'],
  ] as const) {
    app.route<ById>({
      method,
      url: '/users/:id',
      handler: async (request, reply) => {
        const user = find(request.params.id, reply);
        if (!user) return reply;
        if (!isBody(request.body)) return fail(reply, 400, 'The body must be a JSON object');
        const checked = checkConvirzaWrite(
          store.convirza.values(),
          request.body,
          mode,
          user.ct_user_id,
        );
        if (isProblem(checked)) return fail(reply, checked.status, checked.message);
        // PUT is a full update: what the body leaves out is reset, not kept.
        const resets = mode === 'replace' ? PUT_RESETS : {};
        Object.assign(user, resets, checked, { user_modified: new Date().toISOString() });
        return envelope(200, 'Success', { userId: user.ct_user_id });
      },
    });
  }

  // Soft delete: the user keeps reading back and listing, with user_status "deleted".
  app.delete<ById>('/users/:id', async (request, reply) => {
    const user = find(request.params.id, reply);
    if (!user) return reply;
    user.user_status = 'deleted';
    user.user_modified = new Date().toISOString();
    return envelope(200, 'Success', { userId: user.ct_user_id });
  });
}
