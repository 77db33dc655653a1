import { Kysely, Migration, sql } from 'kysely';

/**
 * Connections: one account at one vendor, several per vendor. Everything the
 * directory kept per vendor is kept per connection from here on, beside the
 * vendor kind. Rows written before are moved to connection = vendor name,
 * which is what a connection from the environment variables is called, so
 * every id, row and change keeps its meaning and nothing is lost.
 *
 * Reconciliation's `vendors` arrays always held what the engine grouped by
 * (now connections): they are renamed, and the identities gain the vendor
 * kinds of their members beside them. Each statement on its own: PGlite's
 * extended protocol takes one at a time.
 */
export const connections: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const statements = [
      sql`alter table vendor_users add column connection text`,
      sql`update vendor_users set connection = vendor,
        canonical = canonical || jsonb_build_object('connection', vendor)`,
      sql`alter table vendor_users alter column connection set not null`,
      sql`alter table vendor_users drop constraint vendor_users_vendor_vendor_id_key`,
      sql`alter table vendor_users add constraint vendor_users_connection_vendor_id_key unique (connection, vendor_id)`,

      sql`alter table sync_runs add column connection text`,
      sql`update sync_runs set connection = vendor`,
      sql`alter table sync_runs alter column connection set not null`,
      // The lease: at most one running run per connection, whichever process holds it.
      sql`drop index sync_runs_one_running`,
      sql`create unique index sync_runs_one_running on sync_runs (connection) where outcome = 'running'`,
      sql`drop index sync_runs_vendor`,
      sql`create index sync_runs_connection on sync_runs (connection, id)`,

      // A withheld deletion is confirmed against its account's connection.
      sql`alter table sync_withheld_deletions add column connection text`,
      sql`update sync_withheld_deletions set connection = vendor`,
      sql`alter table sync_withheld_deletions alter column connection set not null`,

      sql`alter table changes add column connection text`,
      sql`update changes set connection = vendor`,
      sql`alter table changes alter column connection set not null`,
      sql`drop index changes_vendor`,
      sql`create index changes_connection on changes (connection, sequence)`,

      sql`update reconciliation_runs set vendors_failed = (
        select coalesce(jsonb_agg(f || jsonb_build_object('connection', f->>'vendor') order by n), '[]'::jsonb)
        from jsonb_array_elements(vendors_failed) with ordinality as e(f, n))`,
      sql`update reconciliation_runs set summary = summary || jsonb_build_object('connections', summary->'vendors')
        where summary is not null and summary ? 'vendors'`,

      sql`alter table reconciliation_identities rename column vendors to connections`,
      sql`alter table reconciliation_identities add column vendors text[]`,
      sql`update reconciliation_identities set vendors = connections,
        body = body || jsonb_build_object(
          'connections', body->'vendors',
          'members', (select coalesce(jsonb_agg(m || jsonb_build_object('connection', m->>'vendor') order by n), '[]'::jsonb)
                        from jsonb_array_elements(body->'members') with ordinality as e(m, n)))`,
      sql`alter table reconciliation_identities alter column vendors set not null`,

      sql`alter table reconciliation_conflicts rename column vendors to connections`,
      sql`alter table reconciliation_conflicts rename column vendor_pairs to connection_pairs`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
