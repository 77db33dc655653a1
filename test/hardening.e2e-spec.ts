import { randomBytes } from 'node:crypto';
import { expectError, READ_KEY, Stack, startStack, WRITE_KEY } from './support/stack';

const letters = (n: number) =>
  Array.from(randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join('');

/** Series of the gateway's own request and vendor-call metrics (process metrics vary by themselves). */
async function seriesCount(stack: Stack): Promise<number> {
  const answer = await stack.call('GET', '/metrics', { key: null });
  return answer.text.split('\n').filter((line) => /^userbridge_(http|vendor)_/.test(line)).length;
}

describe('bounded by configuration, not by traffic (e2e)', () => {
  let stack: Stack;
  jest.setTimeout(30_000);

  beforeAll(async () => {
    stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
  });
  afterAll(() => stack.close());

  it('a flood of /ready is one round of vendor probes, and says nothing more than ready and who is down', async () => {
    stack.sandbox.setFault('desk', { mode: 'html_500' });
    stack.sandbox.resetStats();
    const concurrent = await Promise.all(
      Array.from({ length: 40 }, () => stack.call('GET', '/ready', { key: null })),
    );
    const sequential = [];
    for (let i = 0; i < 40; i++) sequential.push(await stack.call('GET', '/ready', { key: null }));
    for (const answer of [...concurrent, ...sequential]) {
      expect({ status: answer.status, body: answer.body }).toEqual({
        status: 200,
        body: { ready: true, vendorsDown: ['desk'], connectionsDown: ['desk'] },
      });
    }
    const stats = stack.sandbox.stats();
    // One round, two should the cache period have passed mid-flood on a slow machine;
    // the desk's 500 is retried, so its round is up to three calls.
    for (const vendor of ['convirza', 'credira'])
      expect(stats[vendor].total).toBeLessThanOrEqual(2);
    expect(stats.desk.total).toBeLessThanOrEqual(6);
    stack.sandbox.clearFaults();
  });

  it('keeps the number of metric series independent of the ids and paths requested', async () => {
    const read = (id: string) => stack.call('GET', `/v1/users/credira:user_${id}`);
    const wander = (path: string) => stack.call('GET', `/${path}`);
    for (let i = 0; i < 5; i++) {
      await read(letters(12));
      await wander(letters(8));
    }
    await seriesCount(stack); // the scrape's own series
    const settled = await seriesCount(stack);
    for (let batch = 0; batch < 15; batch++) {
      await Promise.all([
        ...Array.from({ length: 20 }, () => read(letters(12))),
        wander(`${letters(8)}/${letters(4)}`),
      ]);
    }
    const metrics = (await stack.call('GET', '/metrics', { key: null })).text;
    expect(await seriesCount(stack)).toBe(settled);
    expect(metrics).toMatch(/userbridge_vendor_calls_total\{[^}]*route="users\/:id"/);
    expect(metrics).not.toMatch(/user_[a-z]{12}/);
  });
});

describe('rate limits (e2e)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: { RATE_LIMIT_PER_MINUTE: '10', AUTH_FAILURES_PER_MINUTE: '5' },
    });
  });
  afterAll(() => stack.close());

  it('gives a key one budget across every route, not one per route', async () => {
    const routes = [
      '/v1/vendors',
      '/v1/users?limit=1',
      '/v1/users/convirza:50001',
      '/v1/users/desk:9001',
      '/v1/users/credira:user_s01',
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const answer = await stack.call('GET', routes[i % routes.length], { key: WRITE_KEY });
      statuses.push(answer.status);
      if (answer.status === 429) {
        const error = expectError(answer, 429, 'rate_limited');
        expect(error.message).not.toMatch(/ThrottlerException/);
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('limits failed authentication per client address, so guessing keys meets 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const answer = await stack.call('GET', '/v1/vendors', { key: `guess-${i}-0123456789abcdef` });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await stack.call('GET', '/v1/vendors', { key: null });
    expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // A valid key from the same address keeps its own budget.
    expect((await stack.call('GET', '/v1/vendors', { key: READ_KEY })).status).toBe(200);
  });
});
