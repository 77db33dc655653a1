import { Kysely, sql, Transaction } from 'kysely';
import type { Directory, FeedEntry } from '../directory.port';
import { openDatabase } from '../db/open-database';
import type { DB } from '../db/schema';
import { canonicalUser } from '../testing/fake-adapter';
import { closeEngine, EngineHandle, openEngine } from '../testing/engines';
import { appendChanges, CHANGE_FEED_LOCK_KEY, ChangeInsert } from './change-feed';

const change = (vendorId: string): ChangeInsert => ({
  user_id: `feed:${vendorId}`,
  connection: 'feed',
  vendor: 'feed',
  vendor_id: vendorId,
  kind: 'created',
  fields: {},
  source: 'write',
  sync_run_id: null,
});

/** A transaction left open until `commit()` is called: a writer that has not committed yet. */
function openTransaction(db: Kysely<DB>) {
  let commit!: () => void;
  const released = new Promise<void>((resolve) => (commit = resolve));
  let ready!: (trx: Transaction<DB>) => void;
  const started = new Promise<Transaction<DB>>((resolve) => (ready = resolve));
  const done = db.transaction().execute(async (trx) => {
    ready(trx);
    await released;
  });
  return { started, commit, done };
}

/**
 * The change feed on a real server, where two sessions write at once (PGlite
 * runs one transaction at a time and cannot show it). A `bigserial` is drawn
 * at insert and visible at commit: without the feed's lock, a writer that
 * draws a later sequence and commits first lets a reader's `after=` cursor
 * pass the earlier one for ever.
 */
describe('change feed ordering [postgres]', () => {
  let handle: EngineHandle;
  let directory: Directory;
  let writers: Kysely<DB>;

  beforeAll(async () => {
    handle = await openEngine('postgres');
    directory = handle.directory;
    writers = (await openDatabase({ databaseUrl: handle.databaseUrl as string })).db;
  }, 120_000);
  afterAll(async () => {
    await writers?.destroy();
    await closeEngine(handle);
  }, 60_000);

  /** Has some session queued on the feed's lock (the second writer, once it waits its turn)? */
  async function waitingOnFeedLock(): Promise<boolean> {
    const { rows } = await sql<{ waiting: boolean }>`select exists (
        select 1 from pg_locks
         where locktype = 'advisory' and not granted and objid = ${CHANGE_FEED_LOCK_KEY}
      ) as waiting`.execute(writers);
    return rows[0].waiting;
  }

  /** Pages the feed from `after` to its end, as a poller does. */
  async function page(after: number): Promise<{ seen: FeedEntry[]; cursor: number }> {
    const seen: FeedEntry[] = [];
    let cursor = after;
    for (;;) {
      const { changes, nextAfter } = await directory.changes.list({ after: cursor, limit: 100 });
      seen.push(...changes);
      cursor = nextAfter;
      if (changes.length < 100) return { seen, cursor };
    }
  }

  async function interleave(firstId: string, second: () => Promise<unknown>) {
    const { cursor: start } = await page(0);
    // Client 1 appends a change and holds its transaction open.
    const first = openTransaction(writers);
    await appendChanges(await first.started, [change(firstId)], false);
    // Client 2 appends and commits (or, with the lock, waits for client 1).
    let secondSettled = false;
    const secondDone = second().finally(() => (secondSettled = true));
    secondDone.catch(() => undefined);
    for (let i = 0; i < 600 && !secondSettled && !(await waitingOnFeedLock()); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    // A reader pages in between, then both commit, and it pages on from its cursor.
    const before = await page(start);
    first.commit();
    await first.done;
    await secondDone;
    const after = await page(before.cursor);
    const seen = [...before.seen, ...after.seen];
    return seen.map((entry) => ({ userId: entry.userId, sequence: entry.sequence }));
  }

  it('a reader following after= sees a change committed late by an earlier writer', async () => {
    const seen = await interleave('1', () =>
      writers.transaction().execute((trx) => appendChanges(trx, [change('2')], false)),
    );
    expect(seen.map((entry) => entry.userId)).toEqual(['feed:1', 'feed:2']);
    expect(seen[0].sequence).toBeLessThan(seen[1].sequence);
  }, 60_000);

  it('orders a writer that inserts into changes without appendChanges too (the trigger takes the lock)', async () => {
    const seen = await interleave('3', () =>
      sql`insert into changes (at, user_id, connection, vendor, vendor_id, kind, fields, source)
            values (now(), 'feed:4', 'feed', 'feed', '4', 'created', '{}'::jsonb, 'write')`.execute(
        writers,
      ),
    );
    expect(seen.map((entry) => entry.userId)).toEqual(['feed:3', 'feed:4']);
    expect(seen[0].sequence).toBeLessThan(seen[1].sequence);
  }, 60_000);

  it('orders the write-through of a gateway write the same way', async () => {
    const seen = await interleave('5', () =>
      directory.users.recordWrite(canonicalUser('feed', '6')),
    );
    expect(seen.map((entry) => entry.userId)).toEqual(['feed:5', 'feed:6']);
    expect(seen[0].sequence).toBeLessThan(seen[1].sequence);
  }, 60_000);
});
