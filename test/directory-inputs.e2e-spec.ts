import { TestDatabase, testDatabase } from '@userbridge/directory/testing';
import { AUTH, BASE } from '../apps/vendor-sandbox/src/testing/sandbox-client';
import { STORED_IDENTITIES_CURSOR } from '../apps/gateway/src/identities/stored-identities.service';
import { STORE_USERS_CURSOR } from '../apps/gateway/src/users/store-users.reader';
import { syncAndWait } from './support/directory';
import { expectError, Stack, startStack } from './support/stack';

/**
 * What callers send to the directory's reads, end to end on both engines:
 * times in one documented profile, no NUL byte anywhere, Unicode search,
 * cursors that are refused clearly (never a 500, never a silent empty page).
 */
describe.each(['pglite', 'postgres'] as const)('directory inputs on %s (e2e)', (engine) => {
  jest.setTimeout(180_000);
  let database: TestDatabase | undefined;
  let stack: Stack;
  const everyVendor = ['convirza', 'desk', 'credira'];

  beforeAll(async () => {
    let databaseUrl: string | undefined;
    if (engine === 'postgres') {
      database = await testDatabase();
      databaseUrl = database.url;
    }
    stack = await startStack({
      databaseUrl,
      store: 'pglite',
      env: { VENDOR_BREAKER_MIN_CALLS: '10000' },
    });
    // A vendor that sends names decomposed: "e" + U+0308 COMBINING DIAERESIS.
    const created = await fetch(`${stack.sandbox.url}${BASE.credira}/users`, {
      method: 'POST',
      headers: { ...AUTH.credira, 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'nfd.person@inputs.example',
        name: 'Zoe\u0308 Bronte\u0308',
        company: 'Acme Corporation',
      }),
    });
    expect(created.status).toBeLessThan(300);
    await syncAndWait(stack);
  });
  afterAll(async () => {
    await stack?.close();
    await database?.release();
  });

  it('refuses a NUL byte in q, in history?identity=, in an id and in a cursor with a 400', async () => {
    for (const path of [
      '/v1/users?q=a%00b',
      '/v1/identities/history?identity=credira:user%00x',
      '/v1/users/credira:user_s01%00?source=store',
      `/v1/users?cursor=${STORE_USERS_CURSOR.encode({ after: 'credira:\u0000' }, [
        everyVendor,
        null,
        null,
        null,
        null,
        null,
      ])}`,
    ]) {
      const error = expectError(await stack.call('GET', path), 400, 'invalid_request');
      expect(JSON.stringify(error)).not.toMatch(/0x00|byte sequence/);
    }
  });

  it('accepts updatedSince as RFC 3339 with a zone or a date, and refuses the rest naming it', async () => {
    for (const good of [
      '2000-01-01',
      '2000-01-01T00:00:00Z',
      '2000-01-01T01:00:00%2B01:00',
      '2000-01-01T00:00:00.5z',
    ]) {
      const answer = await stack.call('GET', `/v1/users?limit=1&updatedSince=${good}`);
      expect(answer.status).toBe(200);
      expect(answer.body.data).toHaveLength(1);
    }
    // An instant an hour ahead, written with an offset, is in the future: nothing yet.
    const ahead = new Date(Date.now() + 3_600_000);
    const inParis = new Date(ahead.getTime() + 2 * 3_600_000).toISOString().slice(0, 19);
    const future = await stack.call('GET', `/v1/users?updatedSince=${inParis}%2B02:00`);
    expect(future.status).toBe(200);
    expect(future.body.data).toEqual([]);
    for (const bad of [
      '2026-W01',
      '20261123',
      '2026-11-23T10Z',
      '2026-11-23T10:00Z',
      '2026-060',
      '2026-012',
      '2026-11-23T10:00:00',
      '2026-02-30',
      '2026-11-23T10:00:00%2B0100',
      'yesterday',
    ]) {
      const error = expectError(
        await stack.call('GET', `/v1/users?updatedSince=${bad}`),
        400,
        'invalid_request',
      );
      expect(error.message).toMatch(/updatedSince must be an RFC 3339 time/);
      expect(error.details.fields[0].field).toBe('updatedSince');
    }
  });

  it('q finds a decomposed (NFD) name with a composed (NFC), upper-case or decomposed query', async () => {
    for (const q of ['Zo%C3%AB', 'ZO%C3%8B', 'zoe%CC%88', 'bront%C3%AB']) {
      const answer = await stack.call('GET', `/v1/users?q=${q}&limit=50`);
      expect(answer.status).toBe(200);
      expect(answer.body.meta.source).toBe('store');
      expect(answer.body.data.map((user: any) => user.email)).toContain(
        'nfd.person@inputs.example',
      );
    }
    const plain = await stack.call('GET', '/v1/users?q=zoe%20&limit=50');
    expect(plain.body.data.map((user: any) => user.email)).not.toContain(
      'nfd.person@inputs.example',
    );
  });

  it('refuses an identities cursor beyond the integer position range with a 400', async () => {
    const page = await stack.call('GET', '/v1/identities?limit=1');
    const run = page.body.meta.run.id;
    for (const after of [2 ** 31, 2 ** 53]) {
      const cursor = STORED_IDENTITIES_CURSOR.encode({ run, after }, [null, null, null, null]);
      expectError(
        await stack.call('GET', `/v1/identities?cursor=${cursor}`),
        400,
        'invalid_request',
      );
    }
  });

  it('keeps the identities of the newest 3 runs; a cursor of an older run is a 400 naming it', async () => {
    const first = await stack.call('GET', '/v1/identities?limit=1');
    expect(first.body.nextCursor).not.toBeNull();
    const run = first.body.meta.run.id;
    const next = () => stack.call('GET', `/v1/identities?limit=1&cursor=${first.body.nextCursor}`);
    await syncAndWait(stack, 'credira');
    await syncAndWait(stack, 'credira');
    // Two newer runs: this one is the third newest, still kept.
    const kept = await next();
    expect(kept.status).toBe(200);
    expect(kept.body.meta.run.id).toBe(run);
    expect(kept.body.data).toHaveLength(1);
    await syncAndWait(stack, 'credira');
    const gone = expectError(await next(), 400, 'invalid_request');
    expect(gone.message).toContain(`reconciliation run ${run}`);
    expect(gone.message).toMatch(/no longer kept/);
  });
});
