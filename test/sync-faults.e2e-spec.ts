import { AUTH, BASE } from '../apps/vendor-sandbox/src/testing/sandbox-client';
import { syncAndWait } from './support/directory';
import { expectError, Stack, startStack } from './support/stack';

/**
 * A vendor failing in the middle of a sync (a 500, a hang, garbage on its 37th
 * list page) ends that run as failed and deletes nobody: an outage never looks
 * like "these users are gone". Credira serves 100 users a page, so 4 000 bulk
 * users give it about 42 pages.
 */
describe('sync faults (e2e)', () => {
  jest.setTimeout(180_000);
  let stack: Stack;
  const removed: string[] = [];

  beforeAll(async () => {
    stack = await startStack({
      usersPerVendor: 4000,
      env: { VENDOR_BREAKER_MIN_CALLS: '10000', VENDOR_MAX_RETRIES: '1' },
    });
    const first = await syncAndWait(stack, 'credira');
    expect(first.runs[0]).toMatchObject({ outcome: 'succeeded' });
    expect(first.runs[0].counts.pages).toBeGreaterThanOrEqual(40);
  });
  afterAll(() => stack?.close());

  async function removeAtVendor(vendorId: string): Promise<void> {
    const answer = await fetch(`${stack.sandbox.url}${BASE.credira}/users/${vendorId}`, {
      method: 'DELETE',
      headers: AUTH.credira,
    });
    expect(answer.status).toBe(200);
    removed.push(`credira:${vendorId}`);
  }

  it.each([
    ['500', 'vendor_error'],
    ['hang', 'vendor_timeout'],
    ['malformed', 'vendor_error'],
  ] as const)('a %s from page 37 on fails the run and deletes nobody', async (mode, code) => {
    await removeAtVendor(`user_${400_000_101 + removed.length}`);
    stack.sandbox.setFault('credira', { mode, after: 36 });
    stack.sandbox.resetStats();
    try {
      const round = await syncAndWait(stack, 'credira', { expectReconciliation: true });
      const run = round.runs[0];
      expect(run).toMatchObject({ outcome: 'failed', error: { code } });
      expect(run.counts.deleted).toBe(0);
      // 36 pages pass the fault; fewer when a slow page was retried (a retry uses one of the 36).
      expect(run.counts.pages).toBeGreaterThanOrEqual(30);
      expect(run.counts.pages).toBeLessThanOrEqual(36);
      expect(run.counts.usersRead).toBe(run.counts.pages * 100);
      expect(stack.sandbox.stats().credira.requests['GET /users']).toBeGreaterThanOrEqual(37);
    } finally {
      stack.sandbox.clearFaults();
    }
    for (const id of removed) {
      const stored = await stack.call('GET', `/v1/users/${id}?source=store`);
      expect({ id, deletedAt: stored.body.deletedAt }).toEqual({ id, deletedAt: null });
    }
    const deleted = await stack.call('GET', '/v1/changes?kind=deleted');
    expect(deleted.body.data).toEqual([]);
  });

  it('deletes them once a complete run no longer finds them', async () => {
    const round = await syncAndWait(stack, 'credira');
    expect(round.runs[0]).toMatchObject({
      outcome: 'succeeded',
      counts: { deleted: removed.length },
    });
    const deleted = await stack.call('GET', '/v1/changes?kind=deleted&limit=10');
    expect(deleted.body.data.map((c: any) => c.userId).sort()).toEqual([...removed].sort());
    expectError(await stack.call('GET', '/v1/changes?after=999999999'), 400, 'invalid_request');
  });
});
