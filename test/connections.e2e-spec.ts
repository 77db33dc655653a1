import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSandbox } from '../apps/vendor-sandbox/src';
import { allPages, syncAndWait } from './support/directory';
import { expectError, READ_KEY, Stack, startStack, WRITE_KEY } from './support/stack';

/** A key of the file limited to the EU desk tenant. */
const EU_KEY = 'eu-tenant-reader-key-0123456789';

const dir = mkdtempSync(join(tmpdir(), 'userbridge-connections-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Four connections from a configuration file: Convirza, two desk tenants, Credira. */
function configFile(sandbox: RunningSandbox, euCredentials?: { username: string }): string {
  const eu = sandbox.tenant('desk-eu');
  const path = join(dir, `userbridge-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    path,
    `connections:
  - { name: convirza, vendor: convirza, baseUrl: ${sandbox.url}/convirza/v3, credentials: { token: sandbox-convirza-token } }
  - name: desk
    vendor: desk
    baseUrl: ${sandbox.url}/desk/api
    credentials: { username: sandbox-desk, password: { env: DESK_ONE_PASSWORD } }
  - name: desk-eu
    vendor: desk
    baseUrl: ${eu.baseUrl}
    credentials: { username: ${euCredentials?.username ?? eu.username}, password: { env: DESK_EU_PASSWORD } }
  - { name: credira, vendor: credira, baseUrl: ${sandbox.url}/credira/v1, credentials: { apiKey: sandbox-credira-key } }
apiKeys:
  - { label: eu-reader, key: ${EU_KEY}, scopes: [read], connections: [desk-eu] }
`,
  );
  return path;
}

const fileEnv = (sandbox: RunningSandbox) => ({
  USERBRIDGE_CONFIG: configFile(sandbox),
  DESK_ONE_PASSWORD: 'sandbox-desk-password',
  DESK_EU_PASSWORD: sandbox.tenant('desk-eu').password,
  READY_CACHE_MS: '0',
});

describe('connections: two desk tenants, Convirza and Credira from a configuration file (e2e)', () => {
  jest.setTimeout(180_000);
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ vendorEnv: false, env: fileEnv });
  });
  afterAll(async () => stack?.close());

  it('lists each connection with its vendor kind and health; /v1/vendors answers the same', async () => {
    const connections = await stack.call('GET', '/v1/connections');
    expect(connections.status).toBe(200);
    expect(connections.body.data.map((c: any) => [c.name, c.vendor, c.health.status])).toEqual([
      ['convirza', 'convirza', 'up'],
      ['desk', 'desk', 'up'],
      ['desk-eu', 'desk', 'up'],
      ['credira', 'credira', 'up'],
    ]);
    const vendors = await stack.call('GET', '/v1/vendors');
    expect(vendors.body.data.map((c: any) => c.name)).toEqual([
      'convirza',
      'desk',
      'desk-eu',
      'credira',
    ]);
  });

  it('keeps ids apart: each desk tenant its own prefix, no id twice, each call with its own credentials', async () => {
    const eu = stack.sandbox.tenant('desk-eu');
    const before = eu.stats().desk?.total ?? 0;
    const users = await allPages(stack, '/v1/users?source=live&vendor=desk&limit=200');
    const ids = users.map((u: any) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const user of users) {
      expect(user.vendor).toBe('desk');
      expect(user.id.startsWith(`${user.connection}:`)).toBe(true);
    }
    const byConnection = (name: string) => users.filter((u: any) => u.connection === name);
    expect(byConnection('desk').length).toBeGreaterThan(10);
    expect(byConnection('desk-eu').length).toBe(byConnection('desk').length);
    // The same vendor id in both tenants, two different accounts.
    const shared = byConnection('desk')[1].vendorId;
    const first = await stack.call('GET', `/v1/users/desk:${shared}`);
    const second = await stack.call('GET', `/v1/users/desk-eu:${shared}`);
    expect(first.body.connection).toBe('desk');
    expect(second.body.connection).toBe('desk-eu');
    expect(second.body.email).not.toBe(first.body.email);
    // The EU tenant was asked with its own credentials: it refuses the other tenant's (401).
    expect((eu.stats().desk?.total ?? 0) - before).toBeGreaterThan(0);

    const only = await stack.call('GET', '/v1/users?source=live&connection=desk-eu&limit=5');
    expect(only.body.data.every((u: any) => u.connection === 'desk-eu')).toBe(true);
  });

  it('answers an id of an unknown connection with a 400 naming the connections', async () => {
    const error = expectError(
      await stack.call('GET', '/v1/users/desk-us:1'),
      400,
      'invalid_request',
    );
    expect(error.message).toContain('convirza, desk, desk-eu, credira');
  });

  it('creates in a named connection; the vendor alone is refused when two connections have it', async () => {
    const body = {
      username: 'eu.new.agent',
      email: 'eu.new.agent@example.com',
      firstName: 'Eu',
      lastName: 'Agent',
      password: 'correct-horse-battery',
    };
    const ambiguous = expectError(
      await stack.call('POST', '/v1/users', { key: WRITE_KEY, body: { vendor: 'desk', ...body } }),
      400,
      'invalid_request',
    );
    expect(ambiguous.message).toContain('desk, desk-eu');
    const created = await stack.call('POST', '/v1/users', {
      key: WRITE_KEY,
      body: { connection: 'desk-eu', ...body },
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^desk-eu:/);
    expect(created.body.connection).toBe('desk-eu');
  });

  it('syncs per connection, reads from the store by connection and reconciles across tenants', async () => {
    const round = await syncAndWait(stack);
    expect(round.runs.map((r) => r.connection).sort()).toEqual([
      'convirza',
      'credira',
      'desk',
      'desk-eu',
    ]);
    expect(round.runs.every((r) => r.outcome === 'succeeded')).toBe(true);

    const stored = await stack.call('GET', '/v1/users?connection=desk-eu&limit=5');
    expect(stored.body.meta.source).toBe('store');
    expect(Object.keys(stored.body.meta.syncedAt)).toEqual(['desk-eu']);
    expect(stored.body.data.every((u: any) => u.id.startsWith('desk-eu:'))).toBe(true);

    const runs = await stack.call('GET', '/v1/sync/runs?vendor=desk');
    expect(new Set(runs.body.data.map((r: any) => r.connection))).toEqual(
      new Set(['desk', 'desk-eu']),
    );

    // Every fourth person works at both tenants: one identity with two desk accounts.
    const identities = await allPages(stack, '/v1/identities?connection=desk-eu&limit=200');
    const both = identities.filter((identity: any) =>
      ['desk', 'desk-eu'].every((c) => identity.connections.includes(c)),
    );
    expect(both.length).toBeGreaterThan(0);
    expect(both[0].vendors).toContain('desk');
    const summary = await stack.call('GET', '/v1/identities/summary');
    expect(summary.body.connections['desk-eu'].accounts).toBeGreaterThan(0);
  });

  it('shows a key limited to one desk tenant nothing of the other tenant, nor of the other vendors', async () => {
    const eu = (path: string) => stack.call('GET', path, { key: EU_KEY });
    const onlyEu = (items: any[]) => {
      expect(items.length).toBeGreaterThan(0);
      expect(new Set(items.map((item) => item.connection))).toEqual(new Set(['desk-eu']));
    };
    expect((await eu('/v1/connections')).body.data.map((c: any) => c.name)).toEqual(['desk-eu']);
    onlyEu((await eu('/v1/users?source=live&limit=200')).body.data);
    onlyEu((await eu('/v1/users?limit=200')).body.data);
    // The kind selects the key's own tenant of it only.
    onlyEu((await eu('/v1/users?vendor=desk&limit=200')).body.data);
    onlyEu((await eu('/v1/changes?limit=500')).body.data);
    const runs = await eu('/v1/sync/runs');
    onlyEu(runs.body.data);
    expect(Object.keys(runs.body.lastSuccess)).toEqual(['desk-eu']);
    const identities = await eu('/v1/identities?limit=200');
    expect(identities.status).toBe(200);
    expect(identities.body.data.length).toBeGreaterThan(0);
    const text = JSON.stringify(identities.body);
    expect(text).not.toMatch(/"(desk|convirza|credira):/);
    expect(text).toContain('"desk-eu:');

    // The other tenant's ids, name and filters do not exist for it: 404, as unknown ones.
    const [other] = (await stack.call('GET', '/v1/users?source=live&connection=desk&limit=1')).body
      .data;
    expectError(await eu(`/v1/users/desk:${other.vendorId}`), 404, 'not_found');
    expectError(await eu(`/v1/users/desk:${other.vendorId}?source=store`), 404, 'not_found');
    expectError(await eu('/v1/users?connection=desk'), 404, 'not_found');
    expectError(await eu('/v1/sync/runs?connection=desk'), 404, 'not_found');
    expectError(await eu('/v1/users?vendor=credira'), 404, 'not_found');
    // Its own tenant's user of the same vendor id is there.
    const own = await eu(`/v1/users/desk-eu:${other.vendorId}`);
    expect(own.status).toBe(200);
    expect(own.body.connection).toBe('desk-eu');
  });

  it('reports readiness and metrics per connection', async () => {
    stack.sandbox.tenant('desk-eu').setFault({ mode: '500' });
    try {
      const ready = await stack.call('GET', '/ready', { key: null });
      expect(ready.body).toMatchObject({
        ready: true,
        connectionsDown: ['desk-eu'],
        vendorsDown: ['desk'],
      });
    } finally {
      stack.sandbox.clearFaults();
    }
    const metrics = await stack.call('GET', '/metrics', { key: READ_KEY });
    expect(metrics.text).toMatch(/userbridge_vendor_calls_total\{[^}]*connection="desk-eu"/);
    expect(metrics.text).toMatch(/userbridge_sync_runs_total\{[^}]*connection="desk-eu"/);
  });
});

describe("connections: a tenant given the other tenant's credentials (e2e)", () => {
  jest.setTimeout(120_000);
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      vendorEnv: false,
      env: (sandbox) => ({
        ...fileEnv(sandbox),
        USERBRIDGE_CONFIG: configFile(sandbox, { username: 'sandbox-desk' }),
        DESK_EU_PASSWORD: 'sandbox-desk-password',
      }),
    });
  });
  afterAll(async () => stack?.close());

  it('is refused by that tenant (the sandbox checks credentials per tenant), the other reads on', async () => {
    const first = await stack.call('GET', '/v1/users?source=live&connection=desk&limit=1');
    expect(first.status).toBe(200);
    expect(first.body.data[0].connection).toBe('desk');
    // A list names the connection it could not read in errors[], never as an empty success.
    const listed = await stack.call('GET', '/v1/users?source=live&connection=desk-eu');
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([]);
    expect(listed.body.errors).toEqual([
      expect.objectContaining({
        vendor: 'desk',
        connection: 'desk-eu',
        code: 'vendor_auth_failed',
      }),
    ]);
    // A call for one of its users is the vendor's refusal itself.
    const error = expectError(
      await stack.call('GET', `/v1/users/desk-eu:${first.body.data[0].vendorId}`),
      502,
      'vendor_auth_failed',
    );
    expect(error.message).not.toContain('sandbox-desk-password');
  });
});

describe('connections: the environment variables alone (e2e)', () => {
  jest.setTimeout(120_000);
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.close());

  it('gives one connection per vendor, named after it, with the ids of before', async () => {
    const [listed] = (await stack.call('GET', '/v1/users?source=live&vendor=desk&limit=1')).body
      .data;
    const user = await stack.call('GET', `/v1/users/desk:${listed.vendorId}`);
    expect(user.body).toMatchObject({
      id: `desk:${listed.vendorId}`,
      connection: 'desk',
      vendor: 'desk',
    });
    const connections = await stack.call('GET', '/v1/connections');
    expect(connections.body.data.map((c: any) => [c.name, c.vendor])).toEqual([
      ['convirza', 'convirza'],
      ['desk', 'desk'],
      ['credira', 'credira'],
    ]);
  });
});
