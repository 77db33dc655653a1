import { ADMIN_KEY, expectError, READ_KEY, Stack, startStack, WRITE_KEY } from './support/stack';

/**
 * Every row of the error table, and the bad input of issue 2: each answered in
 * the one error shape, and none of the bad input reaching a vendor.
 */
describe('errors (e2e)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: { VENDOR_BREAKER_MIN_CALLS: '10000', VENDOR_RETRY_AFTER_CAP_MS: '0' },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sandbox.reset());

  const totalVendorCalls = () =>
    Object.values(stack.sandbox.stats()).reduce((sum, vendor) => sum + vendor.total, 0);

  describe('400 invalid_request, never reaching a vendor', () => {
    it.each([
      ['a malformed id', '/v1/users/nocolon'],
      ['an unknown vendor prefix', '/v1/users/salesforce:123'],
      ['an upper-case vendor prefix', '/v1/users/Convirza:123'],
      ['an empty vendor id', '/v1/users/convirza:'],
      ['a non-positive Convirza id', '/v1/users/convirza:0'],
      ['a negative Convirza id', '/v1/users/convirza:-5'],
      ['a Convirza id with letters', '/v1/users/convirza:12a'],
      // The desk and Credira pages state no id format: only what is unsafe in a path is refused.
      ['a desk id with a control character', '/v1/users/desk:a%01b'],
      ['a Credira id past the length bound', `/v1/users/credira:user_${'a'.repeat(130)}`],
      ['an encoded path escape', '/v1/users/convirza:..%2F..%2Fadmin'],
      ['an encoded dot-dot', '/v1/users/desk:%2e%2e'],
      ['an encoded slash', '/v1/users/credira:user_1%2Fx'],
      ['a raw slash', '/v1/users/desk:1/../2'],
      ['a raw slash after the vendor', '/v1/users/convirza:/etc/passwd'],
      ['an unknown query parameter', '/v1/users?foo=bar'],
      ['an unknown query parameter on get', '/v1/users/convirza:12345?expand=all'],
      ['limit 0', '/v1/users?limit=0'],
      ['limit 201', '/v1/users?limit=201'],
      ['limit not a number', '/v1/users?limit=ten'],
      ['a garbage cursor', '/v1/users?cursor=%%%garbage'],
      [
        'a well-formed but forged cursor',
        `/v1/users?cursor=${Buffer.from('{"v":1,"q":"x","o":{"convirza":-1}}').toString('base64url')}`,
      ],
      ['an unknown status', '/v1/users?status=gone'],
      ['an unknown role', '/v1/users?role=owner'],
      ['an invalid email filter', '/v1/users?email=not-an-email'],
      ['an unconfigured vendor filter', '/v1/users?vendor=salesforce'],
      ['an unknown include', '/v1/users/convirza:12345?include=secrets'],
    ])('%s', async (_what, path) => {
      const answer = await stack.call('GET', path);
      expectError(answer, 400, 'invalid_request');
      expect(totalVendorCalls()).toBe(0);
    });

    it('names the unknown query parameter and the field of a bad limit', async () => {
      const unknown = expectError(
        await stack.call('GET', '/v1/users?foo=bar&limit=500'),
        400,
        'invalid_request',
      );
      expect(JSON.stringify(unknown.details)).toContain('foo');
      expect(JSON.stringify(unknown.details)).toContain('limit');
    });

    it('an unknown vendor prefix names the configured vendors', async () => {
      const error = expectError(
        await stack.call('GET', '/v1/users/salesforce:1'),
        400,
        'invalid_request',
      );
      expect(error.message).toMatch(/convirza, desk, credira/);
    });

    it('a cursor reused with other filters is refused', async () => {
      const first = await stack.call('GET', '/v1/users?limit=2');
      expect(first.status).toBe(200);
      const reused = await stack.call(
        'GET',
        `/v1/users?limit=2&status=inactive&cursor=${first.body.nextCursor}`,
      );
      expectError(reused, 400, 'invalid_request');
    });
  });

  describe('401 and 403', () => {
    it.each([
      ['no key', null, {}],
      ['a wrong key', 'wrong-key-0123456789abcdef', {}],
      ['a malformed Authorization header', null, { authorization: 'Basic abc' }],
      ['an empty X-API-Key', null, { 'x-api-key': '' }],
    ])('401 unauthorized with %s', async (_what, key, headers) => {
      expectError(await stack.call('GET', '/v1/users', { key, headers }), 401, 'unauthorized');
      expect(totalVendorCalls()).toBe(0);
    });

    it('accepts X-API-Key as well as Bearer', async () => {
      const answer = await stack.call('GET', '/v1/users?limit=1', {
        key: null,
        headers: { 'x-api-key': READ_KEY },
      });
      expect(answer.status).toBe(200);
    });

    it('403 forbidden when a read key writes', async () => {
      const answer = await stack.call('DELETE', '/v1/users/convirza:50001', { key: READ_KEY });
      expectError(answer, 403, 'forbidden');
      expect(totalVendorCalls()).toBe(0);
    });
  });

  describe('vendor answers', () => {
    it.each([
      ['convirza', 'convirza:99999999'],
      ['desk', 'desk:99999999'],
      ['credira', 'credira:user_doesnotexist'],
    ])('404 not_found at %s', async (vendor, id) => {
      const error = expectError(await stack.call('GET', `/v1/users/${id}`), 404, 'not_found');
      expect(error.vendor).toBe(vendor);
    });

    it('405 operation_not_supported: the desk cannot delete', async () => {
      const error = expectError(
        await stack.call('DELETE', '/v1/users/desk:9001', { key: ADMIN_KEY }),
        405,
        'operation_not_supported',
      );
      expect(error.vendor).toBe('desk');
      expect(totalVendorCalls()).toBe(0);
    });

    it('409 conflict: a duplicate Convirza email', async () => {
      const answer = await stack.call('POST', '/v1/users', {
        key: WRITE_KEY,
        body: {
          vendor: 'convirza',
          email: 'ALICE.WALKER@scenario.example',
          firstName: 'A',
          lastName: 'W',
          orgUnitId: 1001,
          role: 'member',
        },
      });
      expectError(answer, 409, 'conflict');
    });

    it.each([
      ['convirza', 'convirza:50001'],
      ['desk', 'desk:9001'],
      ['credira', 'credira:user_s01'],
    ])('502 vendor_auth_failed when %s refuses our credentials', async (vendor, id) => {
      stack.sandbox.setFault(vendor as never, { mode: '401' });
      const error = expectError(
        await stack.call('GET', `/v1/users/${id}`),
        502,
        'vendor_auth_failed',
      );
      expect(error.vendor).toBe(vendor);
      expect(stack.sandbox.stats()[vendor].total).toBe(1);
    });

    it.each(['500', 'malformed', 'wrong_shape', 'close'] as const)(
      '502 vendor_error on %s',
      async (mode) => {
        stack.sandbox.setFault('credira', { mode });
        expectError(await stack.call('GET', '/v1/users/credira:user_s01'), 502, 'vendor_error');
      },
    );

    it('503 vendor_rate_limited with Retry-After', async () => {
      stack.sandbox.setFault('convirza', { mode: '429', retryAfterSeconds: 7 });
      const answer = await stack.call('GET', '/v1/users/convirza:50001');
      expectError(answer, 503, 'vendor_rate_limited');
      expect(answer.headers.get('retry-after')).toBe('7');
    });

    it('504 vendor_timeout when the vendor hangs', async () => {
      stack.sandbox.setFault('desk', { mode: 'hang' });
      const error = expectError(
        await stack.call('GET', '/v1/users/desk:9001'),
        504,
        'vendor_timeout',
      );
      expect(error.vendor).toBe('desk');
    });
  });

  describe('the edge', () => {
    it('404 not_found for an unknown route, in the error shape', async () => {
      expectError(await stack.call('GET', '/v2/everything'), 404, 'not_found');
    });

    it('400 for a body that is not JSON', async () => {
      const answer = await stack.call('POST', '/v1/users', {
        key: WRITE_KEY,
        rawBody: '{"vendor": "convirza",',
        headers: { 'content-type': 'application/json' },
      });
      expectError(answer, 400, 'invalid_request');
      expect(totalVendorCalls()).toBe(0);
    });

    it('413 payload_too_large over 100 kB', async () => {
      const answer = await stack.call('POST', '/v1/users', {
        key: WRITE_KEY,
        body: { vendor: 'convirza', email: 'big@example.com', firstName: 'x'.repeat(150_000) },
      });
      expectError(answer, 413, 'payload_too_large');
      expect(totalVendorCalls()).toBe(0);
    });

    it('echoes a given x-request-id and makes one otherwise', async () => {
      const given = await stack.call('GET', '/v1/users/nocolon', {
        headers: { 'x-request-id': 'trace-abc-123' },
      });
      expect(given.headers.get('x-request-id')).toBe('trace-abc-123');
      expect(given.body.error.requestId).toBe('trace-abc-123');
      const made = await stack.call('GET', '/health');
      expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('never answers a stack trace', async () => {
      const answer = await stack.call('GET', '/v1/users/convirza:%E0%A4%A');
      expect(answer.status).toBe(400);
      expect(answer.text).not.toMatch(/at .*\.(ts|js):\d+/);
    });

    /** Every answer, from any layer: the error shape, x-request-id, a log line and a metric. */
    async function expectAnsweredEverywhere(
      answer: Awaited<ReturnType<Stack['call']>>,
      status: number,
      code: string,
    ): Promise<void> {
      const error = expectError(answer, status, code);
      expect(answer.headers.get('x-request-id')).toBeTruthy();
      expect(answer.text).not.toMatch(/FST_|ThrottlerException|RangeError|at .*\.(ts|js):\d+/);
      const logged = stack.logs.some(
        (line) => line.includes(error.requestId) && line.includes(`"status":${status}`),
      );
      expect(logged).toBe(true);
      const metrics = (await stack.call('GET', '/metrics', { key: null })).text;
      expect(metrics).toMatch(
        new RegExp(`userbridge_http_requests_total\\{[^}]*status="${status}"[^}]*\\} \\d+`),
      );
    }

    it("answers Fastify's own refusals in the error shape, logged and counted", async () => {
      await expectAnsweredEverywhere(
        await stack.call('GET', `/v1/users/credira:user_${'a'.repeat(2000)}`),
        414,
        'uri_too_long',
      );
      await expectAnsweredEverywhere(
        await stack.call('GET', '/v1/users/desk:%ZZ'),
        400,
        'invalid_request',
      );
      await expectAnsweredEverywhere(
        await stack.call('GET', `/v1/users?email=${'a'.repeat(20_000)}`),
        431,
        'header_fields_too_large',
      );
      expect(totalVendorCalls()).toBe(0);
    });

    it.each([
      ['application/x-www-form-urlencoded', 'vendor=desk&email=a%40b.example'],
      ['text/plain', '{"vendor":"desk"}'],
      ['application/xml', '<user/>'],
    ])('415 unsupported_media_type for a %s body on a JSON endpoint', async (type, rawBody) => {
      const answer = await stack.call('POST', '/v1/users', {
        key: WRITE_KEY,
        rawBody,
        headers: { 'content-type': type },
      });
      await expectAnsweredEverywhere(answer, 415, 'unsupported_media_type');
      expect(totalVendorCalls()).toBe(0);
    });

    it('400, not a 500, for JSON nested thousands of levels deep', async () => {
      for (const rawBody of [
        '['.repeat(5000) + ']'.repeat(5000),
        `{"vendor":"desk","x":${'{"a":'.repeat(3000)}1${'}'.repeat(3001)}`,
      ]) {
        const answer = await stack.call('POST', '/v1/users', {
          key: WRITE_KEY,
          rawBody,
          headers: { 'content-type': 'application/json' },
        });
        await expectAnsweredEverywhere(answer, 400, 'invalid_request');
        expect(answer.body.error.message).toMatch(/deeper than 32/);
      }
      expect(totalVendorCalls()).toBe(0);
    });
  });
});
