import { Kysely, Migration, sql } from 'kysely';

/**
 * A user's row is keyed by its id, `<connection>:<vendorId>`, and a second
 * unique constraint on (connection, vendor_id) said the same again. On
 * PostgreSQL that second key broke concurrent first sightings of one user (a
 * sync and a write-through of a new user, or a run and the run that took its
 * lease over): `insert … on conflict (id)` resolves a conflict only on the
 * index it names, so when two inserts of a new row both miss it, the later one
 * failed on the other index instead of updating the row. The check makes the
 * id the pair itself, so the primary key alone keeps the pair unique, and a
 * row whose id is not its connection and vendor id cannot be written. The
 * pair keeps an index of its own (no longer unique): reads ordered by vendor
 * id within a connection are planned as before.
 */
export const oneKeyPerUser: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const statements = [
      sql`alter table vendor_users add constraint vendor_users_id_is_connection_vendor_id
        check (id = connection || ':' || vendor_id)`,
      sql`create index vendor_users_connection_vendor_id on vendor_users (connection, vendor_id)`,
      sql`alter table vendor_users drop constraint vendor_users_connection_vendor_id_key`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    const statements = [
      sql`alter table vendor_users add constraint vendor_users_connection_vendor_id_key unique (connection, vendor_id)`,
      sql`drop index vendor_users_connection_vendor_id`,
      sql`alter table vendor_users drop constraint vendor_users_id_is_connection_vendor_id`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
