import { makeKeyEntry } from '../apps/gateway/src/config/api-keys';
import { until } from './support/poll';
import {
  ADMIN_KEY,
  expectError,
  READ_KEY,
  SCIM_KEY,
  Stack,
  startStack,
  WRITE_KEY,
} from './support/stack';

/** A key limited to the desk, as the config file's loader makes it. */
const DESK_KEY = 'test-desk-only-key-0123456789';

const connectionOf = (id: string) => id.slice(0, id.indexOf(':'));

/** Keys: labels in the logs, scopes, and connection limits. */
describe('keys (e2e)', () => {
  jest.setTimeout(300_000);
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: { VENDOR_BREAKER_MIN_CALLS: '10000' },
      apiKeys: [makeKeyEntry(DESK_KEY, 'desk-only', ['admin'], ['desk'])],
    });
  });
  afterAll(() => stack.close());

  describe('labels', () => {
    it('names the caller by its label in request log lines, never by the key', async () => {
      await stack.call('GET', '/v1/vendors', { key: ADMIN_KEY });
      await stack.call('GET', '/v1/vendors', { key: READ_KEY });
      const lines = stack.logs.filter((line) => line.includes('"route":"/v1/vendors"'));
      const callers = lines.map((line) => JSON.parse(line).caller);
      expect(callers).toEqual(expect.arrayContaining(['ops', 'env-key-1']));
      for (const key of [ADMIN_KEY, READ_KEY, WRITE_KEY, SCIM_KEY, DESK_KEY])
        expect(stack.logs.join('\n')).not.toContain(key);
    });
  });

  describe('scopes', () => {
    it('needs admin for every DELETE: a write key gets 403 before any vendor call', async () => {
      const before = stack.sandbox.stats().convirza.total;
      const error = expectError(
        await stack.call('DELETE', '/v1/users/convirza:50009', { key: WRITE_KEY }),
        403,
        'forbidden',
      );
      expect(error.message).toBe(
        'This key has the scopes write, read; this operation needs "admin"',
      );
      expect(stack.sandbox.stats().convirza.total).toBe(before);
      expect(
        (await stack.call('DELETE', '/v1/users/convirza:50009', { key: ADMIN_KEY })).status,
      ).toBe(204);
    });

    it('lets an admin key read and write (admin implies write and read)', async () => {
      expect((await stack.call('GET', '/v1/users?limit=1', { key: ADMIN_KEY })).status).toBe(200);
      const read = await stack.call('GET', '/v1/users/credira:user_s04');
      const put = await stack.call('PUT', '/v1/users/credira:user_s04', {
        key: ADMIN_KEY,
        body: { department: 'audit' },
      });
      expect(put.status).toBe(200);
      expect(read.status).toBe(200);
    });

    it('answers a scim key on the REST API with 403: it authenticated, the REST API is not its', async () => {
      for (const [method, path] of [
        ['GET', '/v1/users'],
        ['GET', '/v1/identities'],
        ['POST', '/v1/sync'],
        ['DELETE', '/v1/users/convirza:50001'],
      ]) {
        const error = expectError(
          await stack.call(method, path, { key: SCIM_KEY }),
          403,
          'forbidden',
        );
        expect(error.message).toMatch(/"scim" scope only/);
      }
    });
  });

  describe('a key limited to the desk', () => {
    const call = (method: string, path: string, body?: unknown) =>
      stack.call(method, path, { key: DESK_KEY, body });

    it('lists only desk users, live and from the store, and only the desk among vendors', async () => {
      const vendors = await call('GET', '/v1/vendors');
      expect(vendors.body.data.map((v: { name: string }) => v.name)).toEqual(['desk']);

      const live = await call('GET', '/v1/users?limit=200&source=live');
      expect(live.status).toBe(200);
      expect(live.body.data.length).toBeGreaterThan(0);
      expect(new Set(live.body.data.map((u: { vendor: string }) => u.vendor))).toEqual(
        new Set(['desk']),
      );

      // Its sync starts the desk's run only.
      const started = await call('POST', '/v1/sync');
      expect(started.status).toBe(202);
      expect(started.body.data.map((run: { vendor: string }) => run.vendor)).toEqual(['desk']);
      // The others are synced by an unlimited key: their runs must stay out of its view.
      const all = await stack.call('POST', '/v1/sync', { key: WRITE_KEY });
      const ids = all.body.data.map((run: { id: number }) => run.id);
      await until(
        'every sync to end',
        async () => (await stack.call('GET', '/v1/sync/runs')).body.data,
        (runs: { id: number; outcome: string }[]) =>
          runs.filter((r) => ids.includes(r.id) && r.outcome !== 'running').length === ids.length,
      );

      const stored = await call('GET', '/v1/users?limit=200');
      expect(stored.body.meta).toEqual({ source: 'store', syncedAt: { desk: expect.any(String) } });
      expect(stored.body.data.length).toBeGreaterThan(0);
      expect(stored.body.data.every((u: { id: string }) => connectionOf(u.id) === 'desk')).toBe(
        true,
      );

      const runs = await call('GET', '/v1/sync/runs?limit=1');
      expect(runs.body.data.map((run: { vendor: string }) => run.vendor)).toEqual(['desk']);
      expect(Object.keys(runs.body.lastSuccess)).toEqual(['desk']);
      const everyRun = await call('GET', '/v1/sync/runs?limit=100');
      expect(everyRun.body.data.length).toBeGreaterThan(0);
      const unlimited = await stack.call('GET', '/v1/sync/runs?limit=100');
      expect(new Set(unlimited.body.data.map((run: { vendor: string }) => run.vendor)).size).toBe(
        3,
      );
      expect(everyRun.body.data.every((run: { vendor: string }) => run.vendor === 'desk')).toBe(
        true,
      );

      const changes = await call('GET', '/v1/changes?limit=1000');
      expect(changes.body.data.length).toBeGreaterThan(0);
      expect(
        changes.body.data.every((c: { userId?: string; vendor?: string }) =>
          c.vendor !== undefined ? c.vendor === 'desk' : connectionOf(c.userId!) === 'desk',
        ),
      ).toBe(true);
    });

    it('answers 404 for the ids, names and filters of the others, as for unknown ones', async () => {
      for (const [method, path, body] of [
        ['GET', '/v1/users/convirza:50001'],
        ['GET', '/v1/users/convirza:50001?source=store'],
        ['GET', '/v1/users/credira:user_s01?include=vendorData'],
        ['GET', '/v1/users/nosuch:1'],
        ['PUT', '/v1/users/convirza:50001', { lastName: 'X' }],
        ['PATCH', '/v1/users/credira:user_s01', { lastName: 'X' }],
        ['DELETE', '/v1/users/credira:user_s01?confirm=true'],
        [
          'POST',
          '/v1/users',
          { vendor: 'credira', email: 'x@example.com', displayName: 'X', company: 'Acme' },
        ],
        ['GET', '/v1/users?vendor=convirza'],
        ['GET', '/v1/users?vendor=nosuch'],
        ['GET', '/v1/changes?vendor=credira'],
        ['GET', '/v1/sync/runs?vendor=convirza'],
        ['POST', '/v1/sync?vendor=credira'],
        ['GET', '/v1/identities?vendor=convirza'],
      ] as [string, string, unknown?][]) {
        const answer = await call(method, path, body);
        const error = expectError(answer, 404, 'not_found');
        // The same words for a hidden connection as for an unknown one, naming no connection.
        expect(error.message).toMatch(/^(User \S+|Connection "\S+"|Vendor "\S+") was not found$/);
        expect(error.message).not.toMatch(/desk|configured/);
      }
      // The same calls by an unlimited key tell what is wrong.
      expectError(await stack.call('GET', '/v1/users/nosuch:1'), 400, 'invalid_request');
      expect((await stack.call('GET', '/v1/users/convirza:50001')).status).toBe(200);
    });

    it('reconciles only the desk: no member, evidence, conflict or count of the others', async () => {
      for (const source of ['', '?source=live']) {
        const identities = await call(
          'GET',
          `/v1/identities${source}${source ? '&' : '?'}limit=200`,
        );
        expect(identities.status).toBe(200);
        expect(identities.body.data.length).toBeGreaterThan(0);
        const text = JSON.stringify(identities.body);
        expect(text).not.toMatch(/convirza|credira/);
        for (const identity of identities.body.data)
          for (const member of identity.members) expect(connectionOf(member.id)).toBe('desk');

        const summary = await call('GET', `/v1/identities/summary${source}`);
        expect(summary.status).toBe(200);
        expect(JSON.stringify(summary.body)).not.toMatch(/convirza|credira/);
        expect(summary.body.vendorsRead).toEqual(['desk']);

        const csv = await call('GET', `/v1/identities${source}${source ? '&' : '?'}format=csv`);
        expect(csv.status).toBe(200);
        expect(csv.text).toContain('desk:');
        expect(csv.text).not.toMatch(/convirza|credira/);
      }
      // An unlimited key sees the three vendors in the same report.
      const everything = await stack.call('GET', '/v1/identities?limit=200');
      expect(JSON.stringify(everything.body)).toMatch(/convirza/);
    });
  });
});
