import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { openDirectory } from '../../open-directory';
import { FakeAdapter, canonicalUser } from '../../testing/fake-adapter';
import { initdbDump } from '../../testing/pglite';
import { PGlite } from '../load-pglite';
import { PglitePool } from '../pglite-pool';
import { initial } from './0001-initial';
import { changeFeedLock } from './0002-change-feed-lock';
import { syncSafety } from './0003-sync-safety';

/**
 * A store made by a gateway of before connections (the schema up to
 * 0003-sync-safety, rows keyed by vendor) is opened by today's code: the
 * migration must move every row, run, change, withheld deletion and stored
 * reconciliation to connection = vendor name and lose nothing.
 */
describe('migration 0004-connections', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'userbridge-0004-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function makeOldStore(): Promise<void> {
    // The run's fresh cluster, unpacked into the data directory (initdb once per run).
    const pg = new PGlite({ dataDir: dir, loadDataDir: (await initdbDump()) as globalThis.Blob });
    const db = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new PglitePool(pg) as never }),
    });
    const migrated = await new Migrator({
      db,
      provider: {
        getMigrations: async () => ({
          '0001-initial': initial,
          '0002-change-feed-lock': changeFeedLock,
          '0003-sync-safety': syncSafety,
        }),
      },
    }).migrateToLatest();
    if (migrated.error) throw migrated.error;
    const user = (vendor: string, id: string, status: string) => {
      const canonical = canonicalUser(vendor, id, { status: status as 'active' });
      const { connection: _connection, ...old } = canonical;
      return {
        id: `${vendor}:${id}`,
        vendor,
        vendorId: id,
        status,
        canonical: JSON.stringify(old),
      };
    };
    const rows = [
      user('desk', '7', 'active'),
      user('desk', '8', 'inactive'),
      user('credira', 'user_1', 'active'),
    ];
    await sql`insert into sync_runs (vendor, started_at, finished_at, heartbeat_at, outcome, users_read, pages, created)
      values ('desk', now() - interval '1 hour', now() - interval '59 minutes', now(), 'succeeded', 2, 1, 2),
             ('credira', now() - interval '1 hour', now() - interval '59 minutes', now(), 'succeeded', 1, 1, 1)`.execute(
      db,
    );
    for (const row of rows) {
      await sql`insert into vendor_users (id, vendor, vendor_id, email, status, role, canonical, fingerprint,
          first_seen_at, last_seen_at, updated_at, last_sync_run_id)
        values (${row.id}, ${row.vendor}, ${row.vendorId}, ${`u${row.vendorId}@example.com`}, ${row.status},
          'member', ${row.canonical}::jsonb, 'f', now(), now(), now(), 1)`.execute(db);
      await sql`insert into changes (at, user_id, vendor, vendor_id, kind, fields, source, sync_run_id)
        values (now(), ${row.id}, ${row.vendor}, ${row.vendorId}, 'created', '{}'::jsonb, 'sync', 1)`.execute(
        db,
      );
    }
    // A deletion the desk's run withheld for an operator (the guard held it back).
    await sql`update sync_runs set deletions_withheld = 1 where id = 1`.execute(db);
    await sql`insert into sync_withheld_deletions (run_id, user_id, vendor, vendor_id)
      values (1, 'desk:8', 'desk', '8')`.execute(db);
    await sql`insert into reconciliation_runs (started_at, finished_at, outcome, vendors_read, vendors_failed, summary)
      values (now(), now(), 'succeeded', '["credira","desk"]'::jsonb,
        '[{"vendor":"convirza","code":"not_synced","message":"convirza has no successful sync yet"}]'::jsonb,
        '{"vendors":{"desk":{"accounts":2,"identities":2,"active":1}}}'::jsonb)`.execute(db);
    await sql`insert into reconciliation_identities (run_id, position, identity_id, vendors, emails, conflict_types, severities, body)
      values (1, 1, 'idn_1', array['desk'], array['u7@example.com'], array[]::text[], array[]::text[],
        '{"id":"idn_1","vendors":["desk"],"members":[{"id":"desk:7","vendor":"desk"}]}'::jsonb)`.execute(
      db,
    );
    await sql`insert into reconciliation_conflicts (conflict_key, identity_id, type, severity, message, evidence,
        members, vendors, vendor_pairs, first_seen_run_id, first_seen_at, last_seen_run_id, last_seen_at)
      values ('k1', 'idn_1', 'status_mismatch', 'high', 'm', '{}'::jsonb, array['desk:7','credira:user_1'],
        array['credira','desk'], array['credira>desk'], 1, now(), 1, now())`.execute(db);
    // Destroying the pool closes the PGlite it lends.
    await db.destroy();
  }

  it('keeps every row, run, change and reconciliation, each now of connection = vendor', async () => {
    await makeOldStore();
    const directory = await openDirectory({ dataDir: dir });
    try {
      const users = await directory.users.list({ limit: 10, includeDeleted: true });
      expect(users.users.map((u) => [u.user.id, u.user.connection, u.user.vendor])).toEqual([
        ['credira:user_1', 'credira', 'credira'],
        ['desk:7', 'desk', 'desk'],
        ['desk:8', 'desk', 'desk'],
      ]);
      expect(
        (await directory.users.list({ limit: 10, connections: ['desk'] })).users.map(
          (u) => u.user.id,
        ),
      ).toEqual(['desk:7', 'desk:8']);

      const changes = await directory.changes.list({ after: 0, limit: 10 });
      expect(changes.changes.map((c) => [c.sequence, c.userId, c.connection, c.vendor])).toEqual([
        [1, 'desk:7', 'desk', 'desk'],
        [2, 'desk:8', 'desk', 'desk'],
        [3, 'credira:user_1', 'credira', 'credira'],
      ]);

      const runs = await directory.syncRuns.list({ limit: 10 });
      expect(runs.map((r) => [r.id, r.connection, r.vendor, r.outcome])).toEqual([
        [2, 'credira', 'credira', 'succeeded'],
        [1, 'desk', 'desk', 'succeeded'],
      ]);
      expect(Object.keys(await directory.syncRuns.lastSuccess()).sort()).toEqual([
        'credira',
        'desk',
      ]);

      const stored = await directory.reconciliation.listIdentities({ limit: 10 });
      expect(stored?.run.vendorsFailed).toEqual([
        {
          vendor: 'convirza',
          connection: 'convirza',
          code: 'not_synced',
          message: 'convirza has no successful sync yet',
        },
      ]);
      expect(stored?.identities[0]).toMatchObject({
        connections: ['desk'],
        vendors: ['desk'],
        members: [{ id: 'desk:7', connection: 'desk', vendor: 'desk' }],
      });
      const summary = await directory.reconciliation.summary();
      expect(summary?.oldestOpenGaps).toEqual([
        expect.objectContaining({ activeConnection: 'credira', inactiveConnection: 'desk' }),
      ]);
      expect(await directory.reconciliation.history('desk:7')).toHaveLength(1);

      // The withheld deletion is still waiting, and is confirmed against its connection.
      const desk = new FakeAdapter('desk', 100, 'desk');
      desk.users = [canonicalUser('desk', '8', { status: 'inactive' })];
      const confirmation = await directory.sync.confirmDeletions(1, desk);
      expect(confirmation?.results).toEqual([
        { userId: 'desk:8', outcome: 'present', errorCode: null },
      ]);
      expect(confirmation?.remaining).toBe(0);
      expect(desk.gets).toEqual(['8']);

      // The lease and the uniqueness are per connection now: a second tenant of the desk
      // holds the same vendor ids and runs its own sync beside the first.
      const eu = new FakeAdapter('desk-eu', 100, 'desk');
      eu.users = [canonicalUser('desk-eu', '7', { vendor: 'desk' })];
      const run = await (await directory.sync.start(eu)).done;
      expect(run).toMatchObject({ connection: 'desk-eu', vendor: 'desk', outcome: 'succeeded' });
      expect((await directory.users.get('desk-eu:7'))?.user.connection).toBe('desk-eu');
      expect((await directory.users.get('desk:7'))?.deletedAt).toBeNull();
    } finally {
      await directory.close();
    }
  }, 120_000);
});
