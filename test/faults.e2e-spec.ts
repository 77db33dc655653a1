import { createServer } from 'node:net';
import { expectError, Stack, startStack } from './support/stack';

/**
 * The day a vendor misbehaves: each fault the sandbox can inject, per vendor.
 * Retry counts are read from what the sandbox actually received.
 */
const VENDORS = [
  { vendor: 'convirza', id: 'convirza:50001' },
  { vendor: 'desk', id: 'desk:9001' },
  { vendor: 'credira', id: 'credira:user_s01' },
] as const;

/** Development credentials the sandbox uses: none may ever be logged or answered. */
const SECRETS = [
  'sandbox-convirza-token',
  'sandbox-desk-password',
  Buffer.from('sandbox-desk:sandbox-desk-password').toString('base64'),
  'sandbox-credira-key',
  'credira_sk_',
  'rp-9001-Xq7w',
];

/**
 * An address nothing listens on, that no other process can take while the
 * suite runs: we hold the port on 127.0.0.1 (so a wildcard bind elsewhere
 * fails) and send the vendor to 127.0.0.2, which refuses it.
 */
function refusingAddress(): Promise<{ url: string; release: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.2:${port}`,
        release: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** Polls `check` until it holds (bounded), instead of sleeping a fixed time against a timer. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the expected state never came');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('vendor faults (e2e)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        VENDOR_TIMEOUT_MS: '300',
        VENDOR_BREAKER_MIN_CALLS: '10000',
        VENDOR_RETRY_AFTER_CAP_MS: '1500',
      },
    });
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => stack.sandbox.reset());

  const reads = (vendor: string) => stack.sandbox.stats()[vendor].requests['GET /users/:id'] ?? 0;

  async function othersStillAnswer(failing: string): Promise<void> {
    const list = await stack.call('GET', '/v1/users?limit=30');
    expect(list.status).toBe(200);
    expect(list.body.errors.map((e: { vendor: string }) => e.vendor)).toEqual([failing]);
    const vendors = new Set(list.body.data.map((u: { vendor: string }) => u.vendor));
    expect(vendors).toEqual(new Set(VENDORS.map((v) => v.vendor).filter((v) => v !== failing)));
  }

  describe.each(VENDORS)('$vendor', ({ vendor, id }) => {
    it('500s: 502 vendor_error after 2 retries, others still answer', async () => {
      stack.sandbox.setFault(vendor, { mode: '500' });
      const error = expectError(await stack.call('GET', `/v1/users/${id}`), 502, 'vendor_error');
      expect(error.vendor).toBe(vendor);
      expect(reads(vendor)).toBe(3);
      await othersStillAnswer(vendor);
    });

    it('a passing 500 is retried away', async () => {
      stack.sandbox.setFault(vendor, { mode: '500', times: 1 });
      expect((await stack.call('GET', `/v1/users/${id}`)).status).toBe(200);
      expect(reads(vendor)).toBe(2);
    });

    it('429 with a short Retry-After is waited out', async () => {
      stack.sandbox.setFault(vendor, { mode: '429', retryAfterSeconds: 1, times: 1 });
      const started = Date.now();
      expect((await stack.call('GET', `/v1/users/${id}`)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(reads(vendor)).toBe(2);
    });

    it('429 with a long Retry-After: 503 vendor_rate_limited with Retry-After, no retry', async () => {
      stack.sandbox.setFault(vendor, { mode: '429', retryAfterSeconds: 30 });
      const answer = await stack.call('GET', `/v1/users/${id}`);
      expectError(answer, 503, 'vendor_rate_limited');
      expect(answer.headers.get('retry-after')).toBe('30');
      expect(reads(vendor)).toBe(1);
      await othersStillAnswer(vendor);
    });

    it('a hang past the timeout: 504 vendor_timeout after 2 retries', async () => {
      stack.sandbox.setFault(vendor, { mode: 'hang' });
      const started = Date.now();
      expectError(await stack.call('GET', `/v1/users/${id}`), 504, 'vendor_timeout');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(reads(vendor)).toBe(3);
      await othersStillAnswer(vendor);
    });

    it('malformed JSON: 502 vendor_error, not retried', async () => {
      stack.sandbox.setFault(vendor, { mode: 'malformed' });
      expectError(await stack.call('GET', `/v1/users/${id}`), 502, 'vendor_error');
      expect(reads(vendor)).toBe(1);
      await othersStillAnswer(vendor);
    });

    it('a 200 with the wrong shape: 502 vendor_error', async () => {
      stack.sandbox.setFault(vendor, { mode: 'wrong_shape' });
      const error = expectError(await stack.call('GET', `/v1/users/${id}`), 502, 'vendor_error');
      expect(error.message).toMatch(/unexpected shape/);
      await othersStillAnswer(vendor);
    });

    it('a dropped connection: 502 vendor_error after 2 retries', async () => {
      stack.sandbox.setFault(vendor, { mode: 'close' });
      expectError(await stack.call('GET', `/v1/users/${id}`), 502, 'vendor_error');
      expect(reads(vendor)).toBe(3);
    });

    it('our credentials refused: 502 vendor_auth_failed, not retried', async () => {
      stack.sandbox.setFault(vendor, { mode: '401' });
      expectError(await stack.call('GET', `/v1/users/${id}`), 502, 'vendor_auth_failed');
      expect(reads(vendor)).toBe(1);
    });
  });

  describe.each(VENDORS)('$vendor answering an HTML 500 that echoes our request headers', (v) => {
    it('answers callers in the gateway own words only, on every route a read key reaches', async () => {
      stack.sandbox.setFault(v.vendor, { mode: 'html_500' });
      const one = await stack.call('GET', `/v1/users/${v.id}`);
      const error = expectError(one, 502, 'vendor_error');
      expect(error.vendor).toBe(v.vendor);
      expect(error.message).toMatch(new RegExp(`${v.vendor} answered HTTP 500`));
      const list = await stack.call('GET', `/v1/users?vendor=${v.vendor}`);
      expect(list.body.errors).toEqual([
        expect.objectContaining({ vendor: v.vendor, code: 'vendor_error' }),
      ]);
      const vendors = await stack.call('GET', '/v1/vendors');
      const health = vendors.body.data.find((d: { name: string }) => d.name === v.vendor).health;
      expect(health).toMatchObject({ status: 'down', code: 'vendor_error' });
      for (const answer of [one, list, vendors]) {
        expect(answer.text).not.toMatch(/db-internal|<html|<pre|authorization|Internal Server/i);
        for (const secret of SECRETS) expect(answer.text).not.toContain(secret);
        expect(answer.text).not.toContain(stack.sandbox.url.replace('http://', ''));
      }
    });
  });

  it('logs what a vendor said only with every credential the gateway holds blanked', async () => {
    // Its own traffic: every vendor echoes our headers into an error page.
    for (const { vendor, id } of VENDORS) {
      stack.sandbox.setFault(vendor, { mode: 'html_500' });
      await stack.call('GET', `/v1/users/${id}`, { headers: { 'x-request-id': `echo-${vendor}` } });
    }
    const echoes = stack.logs
      .map((line) => JSON.parse(line))
      .filter((line) => line.vendorCall?.vendorText && JSON.stringify(line).includes('"echo-'));
    expect(new Set(echoes.map((line) => line.vendorCall.vendor))).toEqual(
      new Set(VENDORS.map((v) => v.vendor)),
    );
    for (const line of echoes) {
      expect(line.vendorCall.vendorText).toMatch(/authorization: (\w+ )?\[redacted\]/);
      expect(line.vendorCall.vendorText).toContain('db-internal-7');
    }
    const all = stack.logs.join('\n');
    for (const secret of SECRETS) expect(all).not.toContain(secret);
    expect(all).not.toContain(stack.sandbox.url.replace('http://', ''));
    expect(all).not.toMatch(/"authorization"\s*:\s*"(Bearer|Basic) /i);
  });

  it('drops a huge answer past VENDOR_MAX_RESPONSE_BYTES: 502, not retried, memory flat', async () => {
    stack.sandbox.setFault('credira', { mode: 'huge', bodyBytes: 300 * 1024 * 1024 });
    global.gc?.();
    const before = process.memoryUsage().rss;
    const answer = await stack.call('GET', '/v1/users/credira:user_s01');
    const grown = process.memoryUsage().rss - before;
    const error = expectError(answer, 502, 'vendor_error');
    expect(error.message).toMatch(/more than 10485760 bytes/);
    expect(reads('credira')).toBe(1);
    // Read whole, 300 MiB of text would take the process up by far more than this.
    expect(grown).toBeLessThan(120 * 1024 * 1024);
  });

  it('logs every request and every vendor call attempt with the request id', async () => {
    stack.sandbox.setFault('desk', { mode: '500', times: 1 });
    const answer = await stack.call('GET', '/v1/users/desk:9002', {
      headers: { 'x-request-id': 'trace-faults-1' },
    });
    expect(answer.status).toBe(200);
    const lines = stack.logs
      .map((line) => JSON.parse(line))
      .filter((line) => JSON.stringify(line).includes('trace-faults-1'));
    const request = lines.find((line) => line.route === '/v1/users/:id');
    expect(request).toMatchObject({ method: 'GET', status: 200 });
    expect(typeof request.durationMs).toBe('number');
    const calls = lines.filter((line) => line.vendorCall);
    expect(
      calls.map((line) => [
        line.vendorCall.vendor,
        line.vendorCall.attempt,
        line.vendorCall.outcome,
      ]),
    ).toEqual([
      ['desk', 0, 'server_error'],
      ['desk', 1, 'ok'],
    ]);
  });
});

describe('a vendor on a closed port (e2e)', () => {
  let stack: Stack;
  let refusing: { url: string; release: () => Promise<void> };

  beforeAll(async () => {
    refusing = await refusingAddress();
    stack = await startStack({
      env: {
        DESK_BASE_URL: `${refusing.url}/desk/api`,
        VENDOR_BREAKER_MIN_CALLS: '10000',
      },
    });
  });
  afterAll(async () => {
    await stack.close();
    await refusing.release();
  });

  it('is a 502 vendor_error, fast, and the others still answer', async () => {
    const started = Date.now();
    const error = expectError(await stack.call('GET', '/v1/users/desk:9001'), 502, 'vendor_error');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(3000);
    const list = await stack.call('GET', '/v1/users?limit=10');
    expect(list.body.errors).toEqual([
      expect.objectContaining({ vendor: 'desk', code: 'vendor_error' }),
    ]);
    // The failed vendor's share of the page is missing, not filled by the others: partial data.
    expect(list.body.data.length).toBe(7);
    expect(list.body.data.every((u: { vendor: string }) => u.vendor !== 'desk')).toBe(true);
    const vendors = await stack.call('GET', '/v1/vendors');
    expect(vendors.body.data.find((v: { name: string }) => v.name === 'desk').health.status).toBe(
      'down',
    );
  });
});

describe('circuit breaker (e2e)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        VENDOR_BREAKER_MIN_CALLS: '4',
        VENDOR_BREAKER_RESET_MS: '1000',
        VENDOR_MAX_RETRIES: '0',
      },
    });
  });
  afterAll(() => stack.close());

  it('opens on a dead vendor so it fails fast, and closes when the vendor is back', async () => {
    stack.sandbox.setFault('credira', { mode: '500' });
    for (let i = 0; i < 6; i++) await stack.call('GET', '/v1/users/credira:user_s01');
    const before = stack.sandbox.stats().credira.total;

    // Failing fast is shown by the vendor receiving nothing, not by a wall-clock bound.
    const list = await stack.call('GET', '/v1/users?limit=20');
    expect(list.body.errors).toEqual([
      expect.objectContaining({
        vendor: 'credira',
        code: 'vendor_error',
        message: expect.stringMatching(/circuit open/),
      }),
    ]);
    expect(list.body.data.length).toBe(14);
    expect(list.body.data.every((u: { vendor: string }) => u.vendor !== 'credira')).toBe(true);
    expect(stack.sandbox.stats().credira.total).toBe(before);

    const metrics = await stack.call('GET', '/metrics', { key: null });
    expect(metrics.text).toMatch(
      /userbridge_vendor_circuit_state\{vendor="credira",connection="credira"\} 2/,
    );

    stack.sandbox.clearFaults();
    // Once the reset period has passed, a trial call goes through and closes the circuit.
    await eventually(
      async () => (await stack.call('GET', '/v1/users/credira:user_s01')).status === 200,
    );
    expect((await stack.call('GET', '/metrics', { key: null })).text).toMatch(
      /userbridge_vendor_circuit_state\{vendor="credira",connection="credira"\} 0/,
    );
  });
});

describe('coalescing (e2e)', () => {
  let stack: Stack;

  // A vendor slow enough that all ten requests reach the gateway while the first
  // is in flight, even on a loaded machine, and a timeout well above it.
  beforeAll(async () => {
    stack = await startStack({ env: { VENDOR_TIMEOUT_MS: '10000' } });
  });
  afterAll(() => stack.close());

  it('coalesces identical concurrent reads into one vendor call', async () => {
    stack.sandbox.setFault('convirza', { latencyMs: 1500 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => stack.call('GET', '/v1/users/convirza:50004')),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(stack.sandbox.stats().convirza.requests['GET /users/:id']).toBe(1);
  });
});
