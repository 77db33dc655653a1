import { Client } from 'pg';
import { VendorFailureError } from '@userbridge/vendor-core';
import type { Directory, SyncRun } from '../directory.port';
import { openDirectory } from '../open-directory';
import { describeEachEngine, testDatabase, type TestDatabase } from '../testing/engines';
import { canonicalUser, FakeAdapter } from '../testing/fake-adapter';

let vendorCount = 0;
/** One vendor per test: the suite shares one database per engine. */
function adapterWith(size: number, maxPageSize = 50): FakeAdapter {
  const adapter = new FakeAdapter(`v${++vendorCount}`, maxPageSize);
  adapter.users = Array.from({ length: size }, (_, i) =>
    canonicalUser(adapter.name, String(1000 + i)),
  );
  return adapter;
}

async function syncOnce(directory: Directory, adapter: FakeAdapter): Promise<SyncRun> {
  const start = await directory.sync.start(adapter);
  expect(start.started).toBe(true);
  return (await start.done) as SyncRun;
}

async function changesOf(directory: Directory, vendor: string, runId: number) {
  const page = await directory.changes.list({ after: 0, limit: 10_000, connections: [vendor] });
  return page.changes.filter((change) => change.syncRunId === runId);
}

/** Each row's version (xmin changes with every write of the row), on a server. */
async function rowVersions(databaseUrl: string, connection: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ version: string }>(
      `select id || '@' || xmin::text as version from vendor_users where connection = $1 order by id`,
      [connection],
    );
    return result.rows.map((row) => row.version);
  } finally {
    await client.end();
  }
}

describeEachEngine('SyncEngine', (handle) => {
  const directory = () => handle().directory;

  it('stamps a user it finds unchanged as seen by the run without writing its row again', async () => {
    const adapter = adapterWith(120, 50);
    const first = await syncOnce(directory(), adapter);
    const id = `${adapter.name}:1005`;
    const before = await directory().users.get(id);
    expect(before).toMatchObject({ lastSyncRunId: first.id });
    const url = handle().databaseUrl;
    const versions = url === null ? null : await rowVersions(url, adapter.name);
    adapter.users[7] = { ...adapter.users[7], role: 'admin' };

    const second = await syncOnce(directory(), adapter);
    expect(second.counts).toMatchObject({ usersRead: 120, updated: 1, deleted: 0 });
    const after = await directory().users.get(id);
    expect(after).toMatchObject({
      lastSyncRunId: second.id,
      firstSeenAt: before?.firstSeenAt,
      changedAt: before?.changedAt,
      deletedAt: null,
    });
    expect(Date.parse(after!.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(before!.lastSeenAt));
    const listed = await directory().users.list({ limit: 500, connections: [adapter.name] });
    expect(new Set(listed.users.map((user) => user.lastSyncRunId))).toEqual(new Set([second.id]));
    if (url !== null) {
      // Only the changed user's row was written; every other row is the version the first run wrote.
      const now = await rowVersions(url, adapter.name);
      const rewritten = now.filter((version) => !versions!.includes(version));
      expect(rewritten).toEqual([
        now.find((version) => version.startsWith(`${adapter.name}:1007@`)),
      ]);
    }
  });

  it('reads every page at the adapter page size and records a created change per user', async () => {
    const adapter = adapterWith(120, 50);
    const run = await syncOnce(directory(), adapter);
    expect(run).toMatchObject({
      outcome: 'succeeded',
      counts: { usersRead: 120, pages: 3, created: 120, updated: 0, deleted: 0 },
      deletionSkipped: null,
    });
    expect(adapter.calls.map((call) => [call.offset, call.limit])).toEqual([
      [0, 50],
      [50, 50],
      [100, 50],
    ]);
    const changes = await changesOf(directory(), adapter.name, run.id);
    expect(changes).toHaveLength(120);
    expect(changes.every((change) => change.kind === 'created')).toBe(true);
    const stored = await directory().users.get(`${adapter.name}:1000`);
    expect(stored?.user).not.toHaveProperty('vendorData');
    expect(JSON.stringify(stored)).not.toContain('never stored');
  });

  it('a second sync with 1% of users changed writes exactly those changes', async () => {
    const adapter = adapterWith(500, 100);
    await syncOnce(directory(), adapter);
    const changedIds = new Set<string>();
    adapter.users = adapter.users.map((user, i) => {
      if (i % 100 !== 7) return { ...user, lastLoginAt: '2026-11-01T00:00:00.000Z' };
      changedIds.add(user.id);
      return i % 200 === 7 ? { ...user, status: 'inactive' } : { ...user, role: 'admin' };
    });
    const second = await syncOnce(directory(), adapter);
    expect(second.counts).toMatchObject({
      usersRead: 500,
      created: 0,
      updated: 2,
      deactivated: 3,
      deleted: 0,
    });
    const changes = await changesOf(directory(), adapter.name, second.id);
    expect(new Set(changes.map((change) => change.userId))).toEqual(changedIds);
    const deactivated = changes.find((change) => change.kind === 'deactivated');
    expect(deactivated?.fields).toEqual({ status: { before: 'active', after: 'inactive' } });
    const updated = changes.find((change) => change.kind === 'updated');
    expect(updated?.fields).toEqual({ role: { before: 'member', after: 'admin' } });
  });

  it('a complete successful run marks absent users deleted, once, with a deleted change', async () => {
    const adapter = adapterWith(30, 10);
    await syncOnce(directory(), adapter);
    const gone = adapter.users.slice(0, 3).map((user) => user.id);
    adapter.users = adapter.users.slice(3);
    const run = await syncOnce(directory(), adapter);
    expect(run.counts.deleted).toBe(3);
    const changes = await changesOf(directory(), adapter.name, run.id);
    expect(changes.map((change) => [change.userId, change.kind]).sort()).toEqual(
      gone.map((id) => [id, 'deleted']).sort(),
    );
    const stored = await directory().users.get(gone[0]);
    expect(stored?.deletedAt).not.toBeNull();
    // Each deletion left one audit event by the system, committed with it.
    const audit = await directory().audit.list({ connection: adapter.name, limit: 100 });
    expect(audit.entries.map((entry) => entry.target).sort()).toEqual([...gone].sort());
    expect(audit.entries[0]).toMatchObject({
      actor: 'system',
      channel: 'sync',
      action: 'user.delete',
      outcome: 'succeeded',
      details: { syncRunId: run.id },
      changes: { deletedAt: { before: null } },
    });
    const listed = await directory().users.list({ connections: [adapter.name], limit: 100 });
    expect(listed.users.map((user) => user.user.id)).not.toContain(gone[0]);
    const again = await syncOnce(directory(), adapter);
    expect(again.counts.deleted).toBe(0);
  });

  it('a run failing on a later page ends failed and deletes nobody', async () => {
    const adapter = adapterWith(40, 10);
    await syncOnce(directory(), adapter);
    adapter.users = adapter.users.slice(0, 5);
    adapter.calls = [];
    adapter.fault = { atPage: 0, error: new VendorFailureError(adapter.name, 'HTTP 500') };
    // Page 0 fails at once: nothing is read.
    const failed = await syncOnce(directory(), adapter);
    expect(failed).toMatchObject({
      outcome: 'failed',
      error: { code: 'vendor_error', message: 'HTTP 500' },
      counts: { deleted: 0 },
    });
    const listed = await directory().users.list({ connections: [adapter.name], limit: 100 });
    expect(listed.users).toHaveLength(40);
  });

  it('a run cut short after some pages deletes nobody', async () => {
    const adapter = adapterWith(40, 10);
    await syncOnce(directory(), adapter);
    adapter.calls = [];
    adapter.fault = { atPage: 2, error: new VendorFailureError(adapter.name, 'garbage') };
    const failed = await syncOnce(directory(), adapter);
    expect(failed.outcome).toBe('failed');
    expect(failed.counts.pages).toBe(2);
    const listed = await directory().users.list({ connections: [adapter.name], limit: 100 });
    expect(listed.users).toHaveLength(40);
    expect(listed.users.every((user) => user.deletedAt === null)).toBe(true);
  });

  it('a rejected record with an id counts as seen; one without an id stops every deletion', async () => {
    const adapter = adapterWith(20, 10);
    await syncOnce(directory(), adapter);
    const unmappable = adapter.users[4];
    const absent = adapter.users[5];
    adapter.users = adapter.users.filter((user) => user !== unmappable && user !== absent);
    adapter.rejected = [{ atPage: 0, vendorId: unmappable.vendorId, reason: 'bad email' }];
    adapter.calls = [];
    const withId = await syncOnce(directory(), adapter);
    expect(withId.counts).toMatchObject({ deleted: 1, rejected: 1 });
    expect((await directory().users.get(unmappable.id))?.deletedAt).toBeNull();
    expect((await directory().users.get(absent.id))?.deletedAt).not.toBeNull();

    const another = adapter.users.pop();
    adapter.rejected = [{ atPage: 0, vendorId: null, reason: 'no id at all' }];
    adapter.calls = [];
    const withoutId = await syncOnce(directory(), adapter);
    expect(withoutId.outcome).toBe('succeeded');
    expect(withoutId.counts.deleted).toBe(0);
    expect(withoutId.deletionSkipped).toMatch(/could not be mapped and carried no id/);
    expect((await directory().users.get(another!.id))?.deletedAt).toBeNull();
  });

  it('a second start while one runs answers the running run; progress shows on the run row', async () => {
    const adapter = adapterWith(30, 10);
    let release!: () => void;
    adapter.gate = new Promise((resolve) => (release = resolve));
    const first = await directory().sync.start(adapter);
    expect(first.started).toBe(true);
    const second = await directory().sync.start(adapter);
    expect(second).toMatchObject({ started: false, done: null, run: { id: first.run.id } });
    expect((await directory().syncRuns.running()).map((run) => run.id)).toContain(first.run.id);
    release();
    adapter.gate = null;
    const done = (await first.done) as SyncRun;
    expect(done.counts).toMatchObject({ usersRead: 30, pages: 3 });
    expect(await directory().syncRuns.get(first.run.id)).toMatchObject({
      outcome: 'succeeded',
      counts: { usersRead: 30, pages: 3 },
    });
    const third = await directory().sync.start(adapter);
    expect(third.started).toBe(true);
    await third.done;
  });

  it('a user written through the gateway during a run is not deleted by it', async () => {
    const adapter = adapterWith(10, 5);
    await syncOnce(directory(), adapter);
    let release!: () => void;
    adapter.gate = new Promise((resolve) => (release = resolve));
    const start = await directory().sync.start(adapter);
    const written = canonicalUser(adapter.name, '9999');
    const change = await directory().users.recordWrite(written);
    expect(change).toMatchObject({ kind: 'created', source: 'write', userId: written.id });
    release();
    adapter.gate = null;
    const run = (await start.done) as SyncRun;
    expect(run.counts.deleted).toBe(0);
    expect((await directory().users.get(written.id))?.deletedAt).toBeNull();
  });

  describe('items the store already holds as the vendor sent them', () => {
    it('are sighted without being mapped: a second sync maps only the items that changed', async () => {
      const adapter = adapterWith(120, 50);
      await syncOnce(directory(), adapter);
      expect(adapter.mapped).toBe(120);
      adapter.users[3] = { ...adapter.users[3], role: 'admin' };
      // Not a tracked field: the item is mapped again, and the user found unchanged.
      adapter.users[4] = { ...adapter.users[4], lastLoginAt: '2026-11-01T00:00:00.000Z' };
      const second = await syncOnce(directory(), adapter);
      expect(adapter.mapped).toBe(122);
      expect(second.counts).toMatchObject({ usersRead: 120, updated: 1, created: 0, deleted: 0 });
      const listed = await directory().users.list({ limit: 500, connections: [adapter.name] });
      expect(listed.users).toHaveLength(120);
      expect(new Set(listed.users.map((user) => user.lastSyncRunId))).toEqual(new Set([second.id]));
      // Sighted through the sighting's digest too (user 4 was found unchanged by its fingerprint).
      const third = await syncOnce(directory(), adapter);
      expect(adapter.mapped).toBe(122);
      expect(third.counts).toMatchObject({ usersRead: 120, updated: 0, deleted: 0 });
    });

    it('a row written through the gateway since its sighting is mapped again, and the vendor item stored', async () => {
      const adapter = adapterWith(20, 10);
      await syncOnce(directory(), adapter);
      // A new mapping: every item mapped, found unchanged by fingerprint, sighted with its new digest.
      adapter.mapping = 'fake/2';
      await syncOnce(directory(), adapter);
      expect(adapter.mapped).toBe(40);
      await syncOnce(directory(), adapter);
      expect(adapter.mapped).toBe(40);
      // The gateway writes; the vendor then goes back to what it held (outside the gateway).
      const user = adapter.users[12];
      await directory().users.recordWrite({ ...user, lastName: 'Byron' });
      const run = await syncOnce(directory(), adapter);
      expect(adapter.mapped).toBe(41);
      expect(run.counts).toMatchObject({ usersRead: 20, updated: 1 });
      expect((await directory().users.get(user.id))?.user.lastName).toBe(user.lastName);
    });

    it('an item whose row was written through after its page was requested is not taken as known', async () => {
      const adapter = adapterWith(10, 10);
      await syncOnce(directory(), adapter);
      adapter.mapping = 'fake/2';
      await syncOnce(directory(), adapter);
      // Written through with nothing tracked changed: the sighting's digest and fingerprint still match.
      const user = adapter.users[4];
      adapter.beforePage = async () => {
        await directory().users.recordWrite(user);
      };
      const run = await syncOnce(directory(), adapter);
      expect(run.counts).toMatchObject({ usersRead: 10, staleSkipped: 1, updated: 0 });
    });

    it('the gateway write clears what the row was mapped from: the next sync maps that item', async () => {
      const adapter = adapterWith(10, 10);
      await syncOnce(directory(), adapter);
      const user = adapter.users[1];
      await directory().users.recordWrite({ ...user, lastName: 'Byron' });
      const run = await syncOnce(directory(), adapter);
      expect(adapter.mapped).toBe(11);
      expect(run.counts).toMatchObject({ updated: 1 });
      expect((await directory().users.get(user.id))?.user.lastName).toBe(user.lastName);
    });

    it('a deleted user whose item comes back as it was is mapped and stored again', async () => {
      const adapter = adapterWith(30, 10);
      await syncOnce(directory(), adapter);
      const gone = adapter.users[5];
      adapter.users = adapter.users.filter((user) => user !== gone);
      expect((await syncOnce(directory(), adapter)).counts.deleted).toBe(1);
      adapter.users.splice(5, 0, gone);
      const mapped = adapter.mapped;
      const run = await syncOnce(directory(), adapter);
      expect(adapter.mapped - mapped).toBe(1);
      expect(run.counts).toMatchObject({ usersRead: 30, deleted: 0 });
      expect((await directory().users.get(gone.id))?.deletedAt).toBeNull();
    });

    it('an id a page holds twice is mapped each time, never taken as known', async () => {
      const adapter = adapterWith(10, 10);
      await syncOnce(directory(), adapter);
      adapter.users[9] = adapter.users[0];
      const mapped = adapter.mapped;
      const run = await syncOnce(directory(), adapter);
      expect(adapter.mapped - mapped).toBe(2);
      expect(run.counts).toMatchObject({ usersRead: 10, updated: 0 });
    });

    it('an adapter that hands out mapped pages only is synced the same', async () => {
      const adapter = adapterWith(100, 50);
      adapter.sources = false;
      await syncOnce(directory(), adapter);
      adapter.users[7] = { ...adapter.users[7], status: 'inactive' };
      const second = await syncOnce(directory(), adapter);
      expect(adapter.mapped).toBe(200);
      expect(second.counts).toMatchObject({ usersRead: 100, deactivated: 1, deleted: 0 });
    });
  });

  it('lists runs newest first and reports the last success per vendor', async () => {
    const adapter = adapterWith(3, 10);
    const run = await syncOnce(directory(), adapter);
    const runs = await directory().syncRuns.list({ connections: [adapter.name], limit: 5 });
    expect(runs[0]).toMatchObject({ id: run.id, outcome: 'succeeded' });
    expect((await directory().syncRuns.lastSuccess())[adapter.name]).toBe(run.finishedAt);
  });
});

describeEachEngine(
  'SyncEngine lease',
  (handle, engine) => {
    it('a run whose lease expired is abandoned and the vendor can be synced again', async () => {
      const adapter = new FakeAdapter('leased', 10);
      adapter.users = [canonicalUser('leased', '1')];
      let release!: () => void;
      adapter.gate = new Promise((resolve) => (release = resolve));
      const first = await handle().directory.sync.start(adapter);
      // Another process (or this one) with the same database sees a stale lease after 300 ms.
      const other =
        engine === 'postgres'
          ? await openDirectory({ databaseUrl: handle().databaseUrl!, syncLeaseMs: 300 })
          : null;
      const sync = other?.sync ?? handle().directory.sync;
      try {
        let second = await sync.start(adapter);
        for (let i = 0; i < 100 && !second.started; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          second = await sync.start(adapter);
        }
        expect(second.started).toBe(true);
        release();
        adapter.gate = null;
        const stale = (await first.done) as SyncRun;
        expect(stale.outcome).not.toBe('succeeded');
        expect((await handle().directory.syncRuns.get(first.run.id))?.outcome).toBe('abandoned');
        // The whole run: when it did not succeed, its error says why.
        expect(await second.done).toMatchObject({ outcome: 'succeeded', error: null });
      } finally {
        release();
        await other?.close();
      }
    });
  },
  { syncLeaseMs: 300 },
);

/**
 * A run whose closing transaction fails (here a trigger refuses its deletion's
 * change; in production a session the server ended) rolls its deletions back,
 * and the failed run must not report them. Needs a server: a trigger of the
 * test's own on a database of its own.
 */
describe('SyncEngine closing transaction [postgres]', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await testDatabase();
  }, 120_000);
  afterAll(() => database.release());

  it('fails as a whole: nobody deleted, and the failed run counts no deletion', async () => {
    const directory = await openDirectory({ databaseUrl: database.url });
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const adapter = adapterWith(10, 10);
      await syncOnce(directory, adapter);
      const gone = adapter.users[3];
      adapter.users = adapter.users.filter((user) => user !== gone);
      await client.query(`create function refuse_deleted() returns trigger language plpgsql as $$
        begin raise exception 'refused'; end $$`);
      await client.query(`create trigger refuse_deleted before insert on changes for each row
        when (new.kind = 'deleted') execute function refuse_deleted()`);
      const failed = await syncOnce(directory, adapter);
      expect(failed).toMatchObject({ outcome: 'failed', counts: { deleted: 0 } });
      expect((await directory.users.get(gone.id))?.deletedAt).toBeNull();
      await client.query('drop trigger refuse_deleted on changes');
      const next = await syncOnce(directory, adapter);
      expect(next).toMatchObject({ outcome: 'succeeded', counts: { deleted: 1 } });
    } finally {
      await client.end();
      await directory.close();
    }
  });
});
