import { allPages, syncAndWait } from './support/directory';
import { Stack, startStack } from './support/stack';

/**
 * The sync's paging through the real HTTP path: the desk's one list answer
 * read once as a stream (a body cut short or broken fails the run after the
 * pages before it were stored, and deletes nobody), Credira paged with
 * several pages in flight (the same users as one page at a time), and the
 * live identities read sharing the same iterator.
 */
describe('directory at size: streamed and concurrent paging (e2e)', () => {
  jest.setTimeout(600_000);
  let stack: Stack;
  const USERS = 3000;
  /** A sync round of 3 × 3 000 users takes seconds alone, minutes on a crowded CI machine. */
  const WAIT_MS = 240_000;

  beforeAll(async () => {
    stack = await startStack({
      usersPerVendor: USERS,
      env: {
        VENDOR_BREAKER_MIN_CALLS: '10000',
        VENDOR_MAX_RETRIES: '0',
        VENDOR_TIMEOUT_MS: '15000',
        SYNC_INTERVAL_SECONDS: '0',
        SYNC_PAGE_CONCURRENCY: '4',
        // Below the desk's one answer (~2 MB here), above one Convirza page: a streamed list is not bounded by it.
        VENDOR_MAX_RESPONSE_BYTES: String(1024 * 1024),
      },
    });
    // A stored reconciliation from here on: syncAndWait's summary reads come from the store, not the vendors.
    const first = await syncAndWait(stack, 'credira', { timeoutMs: WAIT_MS });
    expect(first.runs[0]).toMatchObject({ outcome: 'succeeded' });
  });
  afterAll(() => stack?.close());

  const deskLists = () => stack.sandbox.stats().desk.requests['GET /users'] ?? 0;
  const crediraLists = () => stack.sandbox.stats().credira.requests['GET /users'] ?? 0;

  it('reads the desk once, as a stream, in pages of 1 000 users', async () => {
    stack.sandbox.resetStats();
    const round = await syncAndWait(stack, 'desk', { timeoutMs: WAIT_MS });
    const run = round.runs[0];
    expect(run).toMatchObject({ outcome: 'succeeded', counts: { deleted: 0 } });
    expect(run.counts.created).toBe(run.counts.usersRead);
    expect(run.counts.usersRead + run.counts.rejected).toBeGreaterThanOrEqual(USERS);
    expect(run.counts.pages).toBeGreaterThanOrEqual(Math.ceil(USERS / 1000));
    expect(deskLists()).toBe(1);
  });

  it('pages Credira four pages at a time into the same users as the vendor lists', async () => {
    stack.sandbox.resetStats();
    const round = await syncAndWait(stack, 'credira', { timeoutMs: WAIT_MS });
    const run = round.runs[0];
    // The same users as the first read, whatever order the pages came back in: nothing changed.
    expect(run).toMatchObject({
      outcome: 'succeeded',
      counts: { deleted: 0, created: 0, updated: 0, deactivated: 0, reactivated: 0 },
    });
    expect(run.counts.usersRead).toBeGreaterThanOrEqual(USERS);
    // Every page asked once: none fetched ahead past the stated total, none twice.
    expect(crediraLists()).toBe(Math.ceil(run.counts.usersRead / 100));
    const stored = await allPages(stack, '/v1/users?vendor=credira&source=store&limit=200', 100);
    expect(new Set(stored.map((user) => user.id)).size).toBe(run.counts.usersRead);
  });

  it.each([
    ['truncated', 'truncated'],
    ['malformed', 'truncated'],
    ['wrong_shape', 'malformed'],
  ] as const)(
    'a desk list answer that is %s fails the run after storing what came before it, and deletes nobody',
    async (mode, cause) => {
      const index = ['truncated', 'malformed', 'wrong_shape'].indexOf(mode);
      const listed = await stack.call('GET', '/v1/users?vendor=desk&source=store&limit=3');
      const id = listed.body.data[index].vendorId as string;
      stack.sandbox.removeAfterLists('desk', id, 0);
      stack.sandbox.setFault('desk', { mode, times: 1 });
      try {
        const round = await syncAndWait(stack, 'desk', {
          expectReconciliation: true,
          timeoutMs: WAIT_MS,
        });
        const run = round.runs[0];
        expect(run).toMatchObject({ outcome: 'failed', error: { code: 'vendor_error' } });
        expect(run.error.message).toMatch(
          cause === 'truncated' ? /could not be read after \d+ users/ : /not a JSON array/,
        );
        expect(run.counts.deleted).toBe(0);
        // Half the answer arrived: its first full pages were stored before the cut.
        if (mode === 'truncated') expect(run.counts.usersRead).toBeGreaterThanOrEqual(1000);
      } finally {
        stack.sandbox.clearFaults();
      }
      const stored = await stack.call('GET', `/v1/users/desk:${id}?source=store`);
      expect(stored.body.deletedAt).toBeNull();
      const deleted = await stack.call('GET', '/v1/changes?kind=deleted');
      expect(deleted.body.data).toEqual([]);
    },
  );

  it('deletes the users the vendor no longer lists once a whole answer is read', async () => {
    const round = await syncAndWait(stack, 'desk', { timeoutMs: WAIT_MS });
    expect(round.runs[0]).toMatchObject({ outcome: 'succeeded', counts: { deleted: 3 } });
  });

  it('reads the live identities through the same iterator: the desk once per report', async () => {
    stack.sandbox.resetStats();
    const live = await stack.call('GET', '/v1/identities/summary?source=live');
    expect(live.status).toBe(200);
    expect(live.body.meta?.source ?? 'live').toBe('live');
    expect(deskLists()).toBe(1);
  });
});
