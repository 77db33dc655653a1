import { RunningSandbox, SandboxVendor, startSandbox } from './index';
import { AUTH, BASE, sandboxClient } from './testing/sandbox-client';

const ONE: Record<SandboxVendor, string> = {
  convirza: '/convirza/v3/users/50001',
  desk: '/desk/api/users/9001',
  credira: '/credira/v1/users/user_s01',
};
const VENDORS: SandboxVendor[] = ['convirza', 'desk', 'credira'];

describe('sandbox: faults, stats, lifecycle', () => {
  let sandbox: RunningSandbox;
  const call = sandboxClient<any>(() => sandbox.url);
  const get = (vendor: SandboxVendor) => call('GET', ONE[vendor], AUTH[vendor]);

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('answers each vendor own 401, 429 (+ Retry-After) and 500 bodies', async () => {
    for (const vendor of VENDORS) {
      sandbox.setFault(vendor, { mode: '401' });
      const unauthorized = await get(vendor);
      expect(unauthorized.status).toBe(401);
      sandbox.setFault(vendor, { mode: '429' });
      const limited = await get(vendor);
      expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1']);
      sandbox.setFault(vendor, { mode: '429', retryAfterSeconds: 7 });
      expect((await get(vendor)).headers.get('retry-after')).toBe('7');
      sandbox.setFault(vendor, { mode: '500' });
      const failed = await get(vendor);
      expect(failed.status).toBe(500);
      const bodies = [unauthorized.json, limited.json, failed.json];
      if (vendor === 'convirza')
        expect(bodies.map((b) => [b.code, b.data])).toEqual([
          [401, null],
          [429, null],
          [500, null],
        ]);
      if (vendor === 'desk') {
        expect(bodies.map((b) => b.success)).toEqual([false, false, false]);
        expect(unauthorized.headers.get('www-authenticate')).toBe('Basic realm="desk"');
      }
      if (vendor === 'credira')
        expect(bodies.map((b) => b.error.code)).toEqual([
          'UNAUTHORIZED',
          'RATE_LIMITED',
          'INTERNAL_ERROR',
        ]);
    }
  });

  it("answers Credira's page 403 for one user, and aims a fault at one method only", async () => {
    sandbox.setFault('credira', { mode: '403', times: 1 });
    const refused = await get('credira');
    expect([refused.status, refused.json.error]).toEqual([
      403,
      { code: 'FORBIDDEN', message: "You don't have permission to access this user" },
    ]);
    sandbox.setFault('convirza', { mode: '500', method: 'PATCH', times: 1 });
    expect((await get('convirza')).status).toBe(200);
    const patched = await call('PATCH', ONE.convirza, AUTH.convirza, { last_name: 'X' });
    expect(patched.status).toBe(500);
    expect((await call('PATCH', ONE.convirza, AUTH.convirza, { last_name: 'X' })).status).toBe(200);
  });

  it('answers malformed JSON and the wrong shape with 200', async () => {
    for (const vendor of VENDORS) {
      sandbox.setFault(vendor, { mode: 'malformed' });
      const malformed = await get(vendor);
      expect(malformed.status).toBe(200);
      expect(malformed.headers.get('content-type')).toContain('application/json');
      expect(malformed.json).toBeUndefined();
    }
    const shapes: Record<SandboxVendor, unknown> = {
      convirza: { code: 200, message: 'Success', data: 'unexpected' },
      desk: { unexpected: true },
      credira: { success: true, data: 42, meta: {} },
    };
    for (const vendor of VENDORS) {
      sandbox.setFault(vendor, { mode: 'wrong_shape' });
      const answer = await get(vendor);
      expect([answer.status, answer.json]).toEqual([200, expect.objectContaining(shapes[vendor])]);
    }
  });

  it('answers an empty list in each vendor shape (a key that sees nobody), gets still answer', async () => {
    const empty: Record<SandboxVendor, unknown> = {
      convirza: { code: 200, message: 'Success', data: { users: [], total: 0 } },
      desk: [],
      credira: {
        success: true,
        data: [],
        meta: expect.objectContaining({ page: 2, limit: 100, total: 0, total_pages: 0 }),
      },
    };
    const list: Record<SandboxVendor, string> = {
      convirza: '/convirza/v3/users?limit=1000&offset=0',
      desk: '/desk/api/users',
      credira: '/credira/v1/users?page=2&limit=100',
    };
    for (const vendor of VENDORS) {
      sandbox.setFault(vendor, { mode: 'empty_list' });
      const answer = await call('GET', list[vendor], AUTH[vendor]);
      expect([answer.status, answer.json]).toEqual([
        200,
        Array.isArray(empty[vendor]) ? empty[vendor] : expect.objectContaining(empty[vendor]),
      ]);
      expect((await get(vendor)).status).toBe(200);
    }
    sandbox.clearFaults();
    const listed = await call('GET', list.credira, AUTH.credira);
    expect(listed.json.data.length).toBeGreaterThan(0);
  });

  it('answers the first page whatever page is asked (first_page), after the requests let through', async () => {
    const page2 = '/credira/v1/users?page=2&limit=100';
    const real = await call('GET', page2, AUTH.credira);
    sandbox.setFault('credira', { mode: 'first_page', after: 1 });
    expect((await call('GET', page2, AUTH.credira)).json.data).toEqual(real.json.data);
    const repeated = await call('GET', page2, AUTH.credira);
    const first = await call('GET', '/credira/v1/users?page=1&limit=100', AUTH.credira);
    expect(repeated.json.data).toEqual(first.json.data);
    expect(repeated.json.data).not.toEqual(real.json.data);
    expect((await get('credira')).status).toBe(200);
    sandbox.setFault('convirza', { mode: 'first_page' });
    const offset = await call('GET', '/convirza/v3/users?limit=5&offset=10', AUTH.convirza);
    const zero = await call('GET', '/convirza/v3/users?limit=5&offset=0', AUTH.convirza);
    expect(offset.json.data.users).toEqual(zero.json.data.users);
  });

  it('removes a user between two list answers, through the control API', async () => {
    const ids = async () =>
      (await call('GET', '/credira/v1/users?page=1&limit=100', AUTH.credira)).json.data.map(
        (user: { id: string }) => user.id,
      );
    const removal = (body: unknown) => call('POST', '/_sandbox/removals/credira', {}, body);
    const [first, second] = await ids();
    expect((await removal({ id: first, lists: 1 })).status).toBe(204);
    expect((await ids()).slice(0, 2)).toEqual([first, second]);
    // Gone from the next answer on: everyone after it moves up one place.
    expect((await ids())[0]).toBe(second);
    const gone = await call('GET', `/credira/v1/users/${first}`, AUTH.credira);
    expect(gone.status).toBe(404);
    expect((await removal({ id: first, lists: 0 })).status).toBe(400);
    expect((await removal({ id: 'user_s02' })).status).toBe(400);
    expect(
      (await call('POST', '/_sandbox/removals/salesforce', {}, { id: 'x', lists: 0 })).status,
    ).toBe(400);
    sandbox.removeAfterLists('convirza', '50001', 0);
    expect((await get('convirza')).status).toBe(404);
    expect(() => sandbox.removeAfterLists('desk', 'nobody', 1)).toThrow(/has no user/);
  });

  it('applies a mode to the next N requests only, then goes back to none', async () => {
    sandbox.setFault('desk', { mode: '500', times: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('desk')).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
    expect((await call('GET', '/_sandbox/faults')).json.desk).toMatchObject({ mode: 'none' });
  });

  it('faults one vendor only, and never the control API', async () => {
    sandbox.setFault('credira', { mode: '500' });
    expect((await get('convirza')).status).toBe(200);
    expect((await get('desk')).status).toBe(200);
    expect((await get('credira')).status).toBe(500);
    expect((await call('GET', '/_sandbox/health')).json).toEqual({ status: 'ok' });
  });

  it('spreads an error rate deterministically over that vendor requests', async () => {
    sandbox.setFault('convirza', { errorRate: 0.25 });
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await get('convirza')).status);
      await get('desk');
    }
    expect(statuses).toEqual([200, 200, 200, 500, 200, 200, 200, 500]);
    sandbox.setFault('credira', { errorRate: 1 });
    expect((await get('credira')).status).toBe(500);
  });

  it('delays answers by latencyMs, and a slow write still lands', async () => {
    sandbox.setFault('credira', { latencyMs: 150 });
    const started = Date.now();
    const answer = await call('PUT', ONE.credira, AUTH.credira, { name: 'Slow Write' });
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sandbox.clearFaults();
    expect((await get('credira')).json.data.name).toBe('Slow Write');
  });

  it('drops the connection on close', async () => {
    sandbox.setFault('credira', { mode: 'close', times: 1 });
    await expect(get('credira')).rejects.toThrow();
    expect((await get('credira')).status).toBe(200);
  });

  it('hangs until the client gives up', async () => {
    sandbox.setFault('desk', { mode: 'hang', times: 1 });
    const gaveUp = fetch(`${sandbox.url}${ONE.desk}`, {
      headers: AUTH.desk,
      signal: AbortSignal.timeout(150),
    }).then(
      () => 'answered',
      () => 'gave up',
    );
    expect(await gaveUp).toBe('gave up');
    expect((await get('desk')).status).toBe(200);
  });

  it('counts every vendor request by route, faulted ones included, not the control API', async () => {
    sandbox.setFault('desk', { mode: '500', times: 1 });
    await get('desk');
    await get('desk');
    await call('GET', `${BASE.desk}/users`, AUTH.desk);
    await call('PUT', `${BASE.desk}/users/9001`, AUTH.desk, { first_name: 'A' });
    await call('DELETE', `${BASE.desk}/users/9001`, AUTH.desk);
    await call('POST', `${BASE.convirza}/users`, {}, {});
    await call('PATCH', `${BASE.convirza}/users/1`, AUTH.convirza, {});
    await call('GET', '/_sandbox/stats');
    expect(sandbox.stats()).toEqual({
      convirza: { total: 2, requests: { 'POST /users': 1, 'PATCH /users/:id': 1 } },
      desk: {
        total: 5,
        requests: {
          'GET /users/:id': 2,
          'GET /users': 1,
          'PUT /users/:id': 1,
          'DELETE /users/:id': 1,
        },
      },
      credira: { total: 0, requests: {} },
    });
    expect((await call('GET', '/_sandbox/stats')).json.desk.total).toBe(5);
    sandbox.resetStats();
    expect(sandbox.stats().desk).toEqual({ total: 0, requests: {} });
  });

  it('is driven by the control API, which validates what it is given', async () => {
    const put = (vendor: string, body: unknown) =>
      call('PUT', `/_sandbox/faults/${vendor}`, {}, body);
    expect((await put('desk', { latencyMs: 5, mode: '500', times: 1 })).status).toBe(200);
    expect((await call('GET', '/_sandbox/faults')).json).toEqual({
      convirza: { mode: 'none' },
      desk: { latencyMs: 5, mode: '500', times: 1 },
      credira: { mode: 'none' },
    });
    expect((await get('desk')).status).toBe(500);
    for (const bad of [
      { mode: 'explode' },
      { errorRate: 2 },
      { latencyMs: -1 },
      { times: 1.5 },
      { retryAfterSeconds: 'soon' },
      { surprise: true },
      [],
    ])
      expect((await put('desk', bad)).status).toBe(400);
    expect((await put('salesforce', {})).status).toBe(400);
    expect((await call('DELETE', '/_sandbox/faults/salesforce')).status).toBe(400);

    await put('convirza', { mode: '500' });
    await put('desk', { mode: '500' });
    expect((await call('DELETE', '/_sandbox/faults/desk')).status).toBeLessThan(300);
    expect([(await get('desk')).status, (await get('convirza')).status]).toEqual([200, 500]);
    expect((await call('DELETE', '/_sandbox/faults')).status).toBeLessThan(300);
    expect((await get('convirza')).status).toBe(200);

    expect((await call('DELETE', '/_sandbox/stats')).status).toBeLessThan(300);
    expect(sandbox.stats().convirza.total).toBe(0);
  });

  it('resets data, faults and stats, by call and by control API', async () => {
    for (const viaApi of [false, true]) {
      await call('PUT', ONE.credira, AUTH.credira, { name: 'Changed' });
      await call('DELETE', `${BASE.credira}/users/user_s12`, AUTH.credira);
      sandbox.setFault('convirza', { mode: '500' });
      if (viaApi) expect((await call('POST', '/_sandbox/reset')).status).toBeLessThan(300);
      else sandbox.reset();
      expect(sandbox.stats().credira.total).toBe(0);
      expect((await get('credira')).json.data.name).toBe('Alice Walker');
      expect((await call('GET', `${BASE.credira}/users/user_s12`, AUTH.credira)).status).toBe(200);
      expect((await get('convirza')).status).toBe(200);
    }
  });

  it('rejects bad settings at start and in setFault', async () => {
    await expect(startSandbox({ faults: { desk: { errorRate: 3 } } })).rejects.toThrow(/errorRate/);
    await expect(
      startSandbox({ faults: { nope: {} } as unknown as Record<SandboxVendor, object> }),
    ).rejects.toThrow(/unknown vendor/);
    expect(() => sandbox.setFault('desk', { latencyMs: -5 })).toThrow(/latencyMs/);
  });

  it('takes faults at start, and closes at once even while requests hang', async () => {
    const own = await startSandbox({
      faults: { desk: { mode: 'hang' }, credira: { mode: '401' } },
    });
    expect((await fetch(`${own.url}${ONE.credira}`, { headers: AUTH.credira })).status).toBe(401);
    const pending = [1, 2, 3].map(() =>
      fetch(`${own.url}${ONE.desk}`, { headers: AUTH.desk }).then(
        () => 'answered',
        () => 'dropped',
      ),
    );
    // Poll until the three requests are held, rather than guessing how long that takes.
    for (let i = 0; i < 500 && own.stats().desk.total < 3; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(own.stats().desk.total).toBe(3);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await Promise.all(pending)).toEqual(['dropped', 'dropped', 'dropped']);
  });

  it('gives the vendor environment of its own URL', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:[0-9]+$/);
    expect(sandbox.vendorEnv()).toEqual({
      CONVIRZA_BASE_URL: `${sandbox.url}/convirza/v3`,
      CONVIRZA_TOKEN: 'sandbox-convirza-token',
      DESK_BASE_URL: `${sandbox.url}/desk/api`,
      DESK_USERNAME: 'sandbox-desk',
      DESK_PASSWORD: 'sandbox-desk-password',
      CREDIRA_BASE_URL: `${sandbox.url}/credira/v1`,
      CREDIRA_API_KEY: 'sandbox-credira-key',
    });
  });
});
