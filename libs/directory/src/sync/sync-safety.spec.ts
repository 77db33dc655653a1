import { VendorTimeoutError } from '@userbridge/vendor-core';
import type { DeletionPolicy, Directory, SyncRun } from '../directory.port';
import { describeEachEngine } from '../testing/engines';
import { canonicalUser, FakeAdapter } from '../testing/fake-adapter';

let vendorCount = 0;
/** One vendor per test: the suite shares one database per engine. */
function adapterWith(size: number, maxPageSize = 10): FakeAdapter {
  const adapter = new FakeAdapter(`safe${++vendorCount}`, maxPageSize);
  adapter.users = Array.from({ length: size }, (_, i) =>
    canonicalUser(adapter.name, String(1000 + i)),
  );
  return adapter;
}

async function syncOnce(
  directory: Directory,
  adapter: FakeAdapter,
  policy?: Partial<DeletionPolicy>,
): Promise<SyncRun> {
  const start = await directory.sync.start(adapter, undefined, policy);
  expect(start.started).toBe(true);
  return (await start.done) as SyncRun;
}

async function changesOf(directory: Directory, connection: string) {
  return (await directory.changes.list({ after: 0, limit: 10_000, connections: [connection] }))
    .changes;
}

async function deletedIds(directory: Directory, connection: string): Promise<string[]> {
  const page = await directory.users.list({
    connections: [connection],
    includeDeleted: true,
    limit: 1000,
  });
  return page.users.filter((user) => user.deletedAt !== null).map((user) => user.user.id);
}

describeEachEngine('Sync safety', (handle) => {
  const directory = () => handle().directory;

  describe('every absence is confirmed with a get by id', () => {
    it('a removal on an already-read page shifts a living user out of the read: it is kept, the removed one goes next run', async () => {
      const adapter = adapterWith(30);
      await syncOnce(directory(), adapter);
      const removed = adapter.users[3];
      // First user of the second page before the removal: offset paging skips it.
      const shifted = adapter.users[10];
      adapter.beforePage = (page) => {
        if (page === 1) adapter.users = adapter.users.filter((user) => user !== removed);
      };
      adapter.calls = [];
      const run = await syncOnce(directory(), adapter);
      expect(run).toMatchObject({
        outcome: 'succeeded',
        counts: { usersRead: 29, deleted: 0, deletionsSkipped: 1, deletionsWithheld: 0 },
      });
      expect(run.deletionSkipped).toMatch(/get by id did not answer "not found"/);
      expect(adapter.gets).toEqual([shifted.vendorId]);
      expect(await deletedIds(directory(), adapter.name)).toEqual([]);

      adapter.beforePage = null;
      adapter.gets = [];
      const next = await syncOnce(directory(), adapter);
      expect(next.counts).toMatchObject({ deleted: 1, deletionsSkipped: 0 });
      expect(adapter.gets).toEqual([removed.vendorId]);
      expect(await deletedIds(directory(), adapter.name)).toEqual([removed.id]);
    });

    it('a get that fails (timeout, refusal) leaves the user and counts a skipped deletion', async () => {
      const adapter = adapterWith(30);
      await syncOnce(directory(), adapter);
      const gone = adapter.users.slice(0, 2);
      adapter.users = adapter.users.slice(2);
      adapter.getFault = new VendorTimeoutError(adapter.name, 800);
      const run = await syncOnce(directory(), adapter);
      expect(run).toMatchObject({
        outcome: 'succeeded',
        counts: { deleted: 0, deletionsSkipped: 2 },
      });
      expect(await deletedIds(directory(), adapter.name)).toEqual([]);
      adapter.getFault = null;
      const next = await syncOnce(directory(), adapter);
      expect(next.counts.deleted).toBe(2);
      expect((await deletedIds(directory(), adapter.name)).sort()).toEqual(
        gone.map((user) => user.id).sort(),
      );
    });

    it('confirms at most confirmMax absences per run; the rest wait for an operator', async () => {
      const adapter = adapterWith(40);
      await syncOnce(directory(), adapter);
      const gone = adapter.users.slice(0, 3).map((user) => user.id);
      adapter.users = adapter.users.slice(3);
      const run = await syncOnce(directory(), adapter, { confirmMax: 2 });
      expect(run).toMatchObject({
        outcome: 'succeeded',
        counts: { deleted: 2, deletionsSkipped: 0, deletionsWithheld: 1 },
      });
      expect(run.deletionSkipped).toMatch(/beyond the confirmation bound/);
      expect(adapter.gets).toHaveLength(2);
      expect((await deletedIds(directory(), adapter.name)).sort()).toEqual(gone.slice(0, 2));

      const confirmation = await directory().sync.confirmDeletions(run.id, adapter);
      expect(confirmation).toMatchObject({
        remaining: 0,
        results: [{ userId: gone[2], outcome: 'deleted', errorCode: null }],
      });
      expect((await deletedIds(directory(), adapter.name)).sort()).toEqual(gone);
      const feed = await changesOf(directory(), adapter.name);
      expect(feed.filter((change) => change.kind === 'deleted')).toHaveLength(3);
      const audit = await directory().audit.list({ connection: adapter.name, limit: 10 });
      expect(
        audit.entries.map((entry) => [entry.target, entry.actor, entry.action]).sort(),
      ).toEqual([...gone].sort().map((id) => [id, 'system', 'user.delete']));
    });
  });

  describe('the mass-deletion guard', () => {
    it('an empty list deletes nobody, run after run, until an operator confirms each absence', async () => {
      const adapter = adapterWith(100);
      await syncOnce(directory(), adapter);
      const everyone = adapter.users;
      adapter.users = [];
      const first = await syncOnce(directory(), adapter);
      expect(first).toMatchObject({
        outcome: 'succeeded',
        counts: { usersRead: 0, deleted: 0, deletionsWithheld: 100 },
      });
      expect(first.deletionSkipped).toMatch(/100 of 100 stored users were not in the list/);
      // No get is spent on a list that cannot be believed.
      expect(adapter.gets).toEqual([]);
      // A re-scoped key answers empty every time: a later run withholds again, it never agrees.
      const second = await syncOnce(directory(), adapter);
      expect(second.counts).toMatchObject({ deleted: 0, deletionsWithheld: 100 });
      expect(await deletedIds(directory(), adapter.name)).toEqual([]);
      expect((await changesOf(directory(), adapter.name)).map((c) => c.kind)).not.toContain(
        'deleted',
      );

      // The key is fixed; five people really left meanwhile.
      adapter.users = everyone.slice(5);
      const confirmation = await directory().sync.confirmDeletions(first.id, adapter);
      expect(confirmation?.remaining).toBe(0);
      const outcomes = confirmation!.results.map((result) => result.outcome);
      expect(outcomes.filter((outcome) => outcome === 'deleted')).toHaveLength(5);
      expect(outcomes.filter((outcome) => outcome === 'present')).toHaveLength(95);
      expect((await deletedIds(directory(), adapter.name)).sort()).toEqual(
        everyone
          .slice(0, 5)
          .map((user) => user.id)
          .sort(),
      );
      // Settled ones are not asked again; the later run's withheld ones are already gone.
      adapter.gets = [];
      expect(await directory().sync.confirmDeletions(first.id, adapter)).toMatchObject({
        results: [],
        remaining: 0,
      });
      const later = await directory().sync.confirmDeletions(second.id, adapter);
      const laterOutcomes = later!.results.map((result) => result.outcome);
      expect(laterOutcomes.filter((outcome) => outcome === 'already_deleted')).toHaveLength(5);
      expect(laterOutcomes.filter((outcome) => outcome === 'present')).toHaveLength(95);
      expect(await directory().sync.confirmDeletions(999_999, adapter)).toBeNull();
    });

    it('a failed get leaves a withheld deletion pending for a later confirmation', async () => {
      const adapter = adapterWith(40);
      await syncOnce(directory(), adapter);
      adapter.users = adapter.users.slice(30);
      const run = await syncOnce(directory(), adapter);
      expect(run.counts).toMatchObject({ deleted: 0, deletionsWithheld: 30 });
      adapter.getFault = new VendorTimeoutError(adapter.name, 800);
      const failed = await directory().sync.confirmDeletions(run.id, adapter, { confirmMax: 10 });
      expect(failed?.results).toHaveLength(10);
      expect(failed?.results.every((r) => r.outcome === 'unconfirmed')).toBe(true);
      expect(failed?.results[0].errorCode).toBe('vendor_timeout');
      expect(failed?.remaining).toBe(30);
      adapter.getFault = null;
      const done = await directory().sync.confirmDeletions(run.id, adapter, { confirmMax: 20 });
      expect(done?.remaining).toBe(10);
      expect(done?.results.every((r) => r.outcome === 'deleted')).toBe(true);
    });

    it('deletes at or below the guard (ratio and minimum both must be passed to hold)', async () => {
      const adapter = adapterWith(30);
      await syncOnce(directory(), adapter);
      // 26 of 30 is far above the ratio, but the minimum is 30 here.
      adapter.users = adapter.users.slice(26);
      const run = await syncOnce(directory(), adapter, { guardMin: 30 });
      expect(run.counts).toMatchObject({ deleted: 26, deletionsWithheld: 0 });
    });
  });

  describe('a list that contradicts itself makes the run incomplete', () => {
    it('a total that disagrees with what was read: stored, nobody deleted, the next run proceeds', async () => {
      const adapter = adapterWith(30);
      await syncOnce(directory(), adapter);
      const absent = adapter.users[29];
      adapter.users = adapter.users.slice(0, 29);
      adapter.users[0] = { ...adapter.users[0], role: 'admin' };
      adapter.statedTotal = 30;
      const run = await syncOnce(directory(), adapter);
      expect(run).toMatchObject({
        outcome: 'incomplete',
        counts: { usersRead: 29, updated: 1, deleted: 0 },
        error: null,
      });
      expect(run.deletionSkipped).toMatch(/says it holds 30 records but 29 were read/);
      expect(adapter.gets).toEqual([]);
      expect((await directory().users.get(adapter.users[0].id))?.user.role).toBe('admin');
      expect(await deletedIds(directory(), adapter.name)).toEqual([]);
      expect((await directory().syncRuns.lastSuccess())[adapter.name]).toBe(run.finishedAt);

      adapter.statedTotal = null;
      adapter.reportsTotal = true;
      const next = await syncOnce(directory(), adapter);
      expect(next).toMatchObject({ outcome: 'succeeded', counts: { deleted: 1 } });
      expect(await deletedIds(directory(), adapter.name)).toEqual([absent.id]);
    });

    it('a page identical to the previous one ends the read: incomplete, nobody deleted', async () => {
      const adapter = adapterWith(30);
      await syncOnce(directory(), adapter);
      adapter.users = adapter.users.slice(0, 25);
      adapter.ignoreOffsetFrom = 1;
      adapter.calls = [];
      const run = await syncOnce(directory(), adapter);
      expect(run).toMatchObject({
        outcome: 'incomplete',
        counts: { usersRead: 10, pages: 1, deleted: 0 },
      });
      expect(run.deletionSkipped).toMatch(/repeated the previous page/);
      expect(adapter.calls).toHaveLength(2);
      expect(await deletedIds(directory(), adapter.name)).toEqual([]);
    });
  });

  describe('a sync never undoes a write made while it runs', () => {
    // Mapped pages are written after the writes (stale, skipped); unmapped ones were sighted before them.
    it.each([
      ['mapped', false, 2],
      ['unmapped', true, 0],
    ])(
      'a %s page read before a write-through does not overwrite it: no reactivated, no created',
      async (_kind, sources, staleSkipped) => {
        const adapter = adapterWith(30);
        adapter.sources = sources;
        await syncOnce(directory(), adapter);
        const deactivated = adapter.users[2];
        const removed = adapter.users[5];
        const later = adapter.users[25];
        let release!: () => void;
        adapter.gate = new Promise((resolve) => (release = resolve));
        adapter.gatePage = 1;
        adapter.calls = [];
        const start = await directory().sync.start(adapter);
        // Page 0 has been served (page 1 waits): it still says active and present.
        while (adapter.calls.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
        // Unmapped, its users are sighted as known as soon as the store has looked them up.
        while (sources && (await directory().users.get(removed.id))?.lastSyncRunId !== start.run.id)
          await new Promise((resolve) => setTimeout(resolve, 10));
        // Meanwhile, through the gateway: one deactivated, one deleted, one on a later page renamed.
        const inactive = { ...deactivated, status: 'inactive' as const };
        adapter.users = adapter.users
          .map((user) => (user === deactivated ? inactive : user))
          .filter((user) => user !== removed);
        await directory().users.recordWrite(inactive);
        await directory().users.recordDeleted(removed.id);
        const renamed = { ...later, lastName: 'Byron' };
        adapter.users = adapter.users.map((user) => (user === later ? renamed : user));
        await directory().users.recordWrite(renamed);
        release();
        const run = (await start.done) as SyncRun;
        expect(run).toMatchObject({
          outcome: 'succeeded',
          counts: { staleSkipped, reactivated: 0, created: 0, deleted: 0 },
        });
        expect((await directory().users.get(deactivated.id))?.user.status).toBe('inactive');
        expect((await directory().users.get(removed.id))?.deletedAt).not.toBeNull();
        // Its page was requested after the write: read and stored as the vendor has it.
        expect((await directory().users.get(later.id))?.user.lastName).toBe('Byron');
        const runChanges = (await changesOf(directory(), adapter.name)).filter(
          (change) => change.syncRunId === run.id,
        );
        expect(runChanges).toEqual([]);
      },
    );

    it('a write made before the page was requested does not stop the sync from storing the vendor', async () => {
      const adapter = adapterWith(10);
      await syncOnce(directory(), adapter);
      const user = adapter.users[1];
      await directory().users.recordWrite({ ...user, status: 'inactive' });
      // Changed at the vendor afterwards, outside the gateway.
      adapter.users[1] = { ...user, status: 'active' };
      const run = await syncOnce(directory(), adapter);
      expect(run.counts).toMatchObject({ staleSkipped: 0, reactivated: 1 });
      expect((await directory().users.get(user.id))?.user.status).toBe('active');
    });
  });
});

describeEachEngine(
  'Sync safety: stale runs',
  (handle) => {
    it('a run whose lease went stale reads as abandoned when runs are listed, without any start', async () => {
      const adapter = new FakeAdapter('crashed', 10);
      adapter.users = [canonicalUser('crashed', '1')];
      let release!: () => void;
      adapter.gate = new Promise((resolve) => (release = resolve));
      const start = await handle().directory.sync.start(adapter);
      try {
        expect((await handle().directory.syncRuns.running()).map((r) => r.id)).toContain(
          start.run.id,
        );
        // Its owner stops renewing (here: held on a vendor call) beyond the 300 ms lease.
        await new Promise((resolve) => setTimeout(resolve, 600));
        const listed = await handle().directory.syncRuns.list({
          connections: ['crashed'],
          limit: 5,
        });
        expect(listed[0]).toMatchObject({
          id: start.run.id,
          outcome: 'abandoned',
          error: { code: 'lease_expired' },
        });
        expect((await handle().directory.syncRuns.running()).map((r) => r.id)).not.toContain(
          start.run.id,
        );
      } finally {
        release();
        adapter.gate = null;
        await start.done;
      }
    });
  },
  { syncLeaseMs: 300 },
);
