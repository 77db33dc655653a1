import { expectError, READ_KEY, Stack, startStack, WRITE_KEY } from './support/stack';

describe('operability (e2e)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        RATE_LIMIT_PER_MINUTE: '20',
        VENDOR_BREAKER_MIN_CALLS: '10000',
        // Every check probes afresh here; the cache has its own test.
        READY_CACHE_MS: '0',
      },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sandbox.reset());

  it('exposes Prometheus metrics on loopback: requests, vendor calls, breaker state', async () => {
    await stack.call('GET', '/v1/users/convirza:50001', { key: WRITE_KEY });
    const answer = await stack.call('GET', '/metrics', { key: null });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(answer.text).toMatch(
      /userbridge_http_requests_total\{method="GET",route="\/v1\/users\/:id",status="200"\} \d+/,
    );
    expect(answer.text).toMatch(/userbridge_http_request_duration_seconds_bucket\{/);
    expect(answer.text).toMatch(
      /userbridge_vendor_calls_total\{[^}]*vendor="convirza"[^}]*outcome="ok"[^}]*\} \d+/,
    );
    expect(answer.text).toMatch(
      /userbridge_vendor_call_duration_seconds_bucket\{[^}]*vendor="convirza"/,
    );
    expect(answer.text).toMatch(
      /userbridge_vendor_circuit_state\{vendor="desk",connection="desk"\} 0/,
    );
    // Ids never become label values.
    expect(answer.text).not.toMatch(/[":/]50001\b/);
  });

  it('/ready names the vendors down and fails only when none is usable', async () => {
    const ready = await stack.call('GET', '/ready', { key: null });
    expect({ status: ready.status, body: ready.body }).toEqual({
      status: 200,
      body: { ready: true, vendorsDown: [], connectionsDown: [] },
    });
    stack.sandbox.setFault('desk', { mode: '401' });
    const degraded = await stack.call('GET', '/ready', { key: null });
    expect({ status: degraded.status, body: degraded.body }).toEqual({
      status: 200,
      body: { ready: true, vendorsDown: ['desk'], connectionsDown: ['desk'] },
    });
    for (const vendor of ['convirza', 'credira'] as const)
      stack.sandbox.setFault(vendor, { mode: '500' });
    const down = await stack.call('GET', '/ready', { key: null });
    expect(down.status).toBe(503);
    expect(down.body.ready).toBe(false);
    expect([...down.body.vendorsDown].sort()).toEqual(['convirza', 'credira', 'desk']);
    expect([...down.body.connectionsDown].sort()).toEqual(['convirza', 'credira', 'desk']);
    stack.sandbox.clearFaults();
  });

  it('sets security headers and keeps CORS off unless configured', async () => {
    const answer = await stack.call('GET', '/health', {
      key: null,
      headers: { origin: 'https://evil.example' },
    });
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBeTruthy();
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });

  it('rate-limits per key with 429 rate_limited and Retry-After', async () => {
    let limited = null;
    for (let i = 0; i < 25 && limited === null; i++) {
      const answer = await stack.call('GET', '/v1/vendors', { key: READ_KEY });
      if (answer.status === 429) limited = answer;
    }
    expect(limited).not.toBeNull();
    expectError(limited!, 429, 'rate_limited');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another key has its own budget.
    expect((await stack.call('GET', '/v1/vendors', { key: WRITE_KEY })).status).toBe(200);
  });
});

describe('CORS when configured (e2e)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { CORS_ORIGINS: 'https://app.example.com' } });
  });
  afterAll(() => stack.close());

  it('answers the allowed origin only', async () => {
    const allowed = await stack.call('OPTIONS', '/v1/users', {
      key: null,
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const other = await stack.call('OPTIONS', '/v1/users', {
      key: null,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
