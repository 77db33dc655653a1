import { until } from './support/poll';
import { Answer, expectError, Stack, startStack, WRITE_KEY } from './support/stack';

/**
 * A user read is writable as it is: GET, change one field, send the whole
 * object back (PUT or PATCH), read it back. Each body below is exactly what
 * the gateway answered, plus the change.
 */
describe('PUT takes back what GET gave (e2e)', () => {
  jest.setTimeout(300_000);
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { VENDOR_BREAKER_MIN_CALLS: '10000' } });
    // The directory's copy, so ?source=store answers can be sent back too.
    const started = await stack.call('POST', '/v1/sync', { key: WRITE_KEY });
    const ids = started.body.data.map((run: { id: number }) => run.id);
    await until(
      'the first sync to end',
      async () => (await stack.call('GET', '/v1/sync/runs')).body.data,
      (runs: { id: number; outcome: string }[]) =>
        runs.filter((run) => ids.includes(run.id) && run.outcome === 'succeeded').length ===
        ids.length,
    );
  });
  afterAll(() => stack.close());

  const write = (method: string, path: string, body: unknown) =>
    stack.call(method, path, { key: WRITE_KEY, body });
  const ignored = (answer: Answer): string[] =>
    (answer.headers.get('x-userbridge-ignored-fields') ?? '').split(', ').filter(Boolean);

  describe.each([
    ['convirza', 'convirza:50003', true],
    ['desk', 'desk:9003', false],
    ['credira', 'credira:user_s03', true],
  ])('%s', (_vendor, id, patches) => {
    it.each([
      ['a plain read', ''],
      ['a read with vendorData', '?include=vendorData'],
      ['a read from the directory', '?source=store'],
    ])('PUT takes back %s with one change, and reads back the change', async (_what, query) => {
      const read = await stack.call('GET', `/v1/users/${id}${query}`);
      expect(read.status).toBe(200);
      const lastName = `Roundtrip${query.length}`;
      const put = await write('PUT', `/v1/users/${id}`, { ...read.body, lastName });
      expect({ status: put.status, body: put.body }).toMatchObject({
        status: 200,
        body: { id, lastName },
      });
      const expected = ['vendorRole', 'createdAt', 'updatedAt', 'lastLoginAt'];
      if (query === '?include=vendorData') expected.push('vendorData');
      if (query === '?source=store') expected.push('deletedAt', 'firstSeenAt', 'lastSeenAt');
      if (read.body.groups.length > 0) expected.push('groups[].name');
      expect(ignored(put).sort()).toEqual(expected.sort());
      const after = await stack.call('GET', `/v1/users/${id}`);
      expect(after.body.lastName).toBe(lastName);
      // Everything else is as it was read.
      const { lastName: _a, displayName: _b, updatedAt: _c, ...rest } = after.body;
      const {
        lastName: _d,
        displayName: _e,
        updatedAt: _f,
        vendorData: _g,
        deletedAt: _h,
        firstSeenAt: _i,
        lastSeenAt: _j,
        ...before
      } = read.body;
      expect(rest).toEqual(before);
    });

    it('PUT of a read unchanged changes nothing and answers the user', async () => {
      const read = await stack.call('GET', `/v1/users/${id}`);
      const put = await write('PUT', `/v1/users/${id}`, read.body);
      expect(put.status).toBe(200);
      expect(put.body).toEqual(read.body);
    });

    it('PATCH takes back what GET gave as well (405 where the vendor has no PATCH)', async () => {
      const read = await stack.call('GET', `/v1/users/${id}`);
      const patch = await write('PATCH', `/v1/users/${id}`, { ...read.body, firstName: 'Patched' });
      if (!patches) {
        expectError(patch, 405, 'operation_not_supported');
        return;
      }
      expect(patch.status).toBe(200);
      expect(patch.body.firstName).toBe('Patched');
      expect(ignored(patch)).toEqual(expect.arrayContaining(['vendorRole', 'createdAt']));
    });

    it.each([
      ['id', (id: string) => `${id}9`],
      ['vendorId', () => '999999'],
      ['vendor', () => 'someone-else'],
      ['connection', () => 'someone-else'],
    ])('refuses another %s, naming it', async (field, other) => {
      const read = await stack.call('GET', `/v1/users/${id}`);
      const error = expectError(
        await write('PUT', `/v1/users/${id}`, { ...read.body, [field]: other(id) }),
        400,
        'invalid_request',
      );
      expect(error.details.fields.map((p: { field: string }) => p.field)).toEqual([field]);
      expect(error.message).toContain(field);
    });

    it('still refuses unknown fields', async () => {
      const read = await stack.call('GET', `/v1/users/${id}`);
      const error = expectError(
        await write('PUT', `/v1/users/${id}`, { ...read.body, favouriteColour: 'teal' }),
        400,
        'invalid_request',
      );
      expect(error.message).toBe('Unknown field: favouriteColour');
    });
  });

  it('takes back a Credira user read with username null', async () => {
    const read = await stack.call('GET', '/v1/users/credira:user_s04');
    expect(read.body.username).toBeNull();
    const put = await write('PUT', '/v1/users/credira:user_s04', {
      ...read.body,
      lastName: 'Nullsafe',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ username: null, lastName: 'Nullsafe' });
  });

  it('refuses a null that would clear a value the vendor holds', async () => {
    const read = await stack.call('GET', '/v1/users/convirza:50004');
    expect(read.body.email).not.toBeNull();
    const error = expectError(
      await write('PUT', '/v1/users/convirza:50004', { ...read.body, email: null }),
      400,
      'invalid_request',
    );
    expect(error.details.fields).toEqual([{ field: 'email', message: 'cannot be cleared (null)' }]);
    expect((await stack.call('GET', '/v1/users/convirza:50004')).body).toEqual(read.body);
  });

  it('keeps create strict: a null email is refused there', async () => {
    expectError(
      await write('POST', '/v1/users', {
        vendor: 'credira',
        email: null,
        displayName: 'No Mail',
        company: 'Acme',
      }),
      400,
      'invalid_request',
    );
  });
});
