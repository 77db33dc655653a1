import { Kysely, Migration, sql } from 'kysely';

/**
 * Two columns only SCIM writes (no sync ever sets them: the sync's upsert
 * names its columns): the externalId a SCIM client gave for a vendor with no
 * field of its own, and the tombstone of a SCIM DELETE. The indexes serve a
 * SCIM endpoint's lookups within one connection: its userName (the username,
 * else the email, folded as `q` folds text: NFC, lower case; text_pattern_ops
 * also serves `sw`) and its externalId (case-exact, the vendor's own value
 * first), each on the very expression the queries compare; and the users a
 * SCIM endpoint lists, in its order, so that the total of an unfiltered list
 * (a count over the whole connection on every page) and a deep `startIndex`
 * can be index-only scans once vacuum has marked the pages all-visible.
 */
export const scim: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const statements = [
      sql`alter table vendor_users add column scim_external_id text`,
      sql`alter table vendor_users add column scim_tombstoned_at timestamptz`,
      sql`create index vendor_users_scim_user_name on vendor_users
        (connection, lower(normalize(coalesce(canonical->>'username', email), NFC)) text_pattern_ops)`,
      sql`create index vendor_users_scim_external_id on vendor_users
        (connection, coalesce(canonical->>'externalId', scim_external_id))`,
      sql`create index vendor_users_scim_listed on vendor_users (connection, vendor_id)
        where deleted_at is null and scim_tombstoned_at is null and status <> 'deleted'`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    const statements = [
      sql`drop index if exists vendor_users_scim_listed`,
      sql`drop index if exists vendor_users_scim_external_id`,
      sql`drop index if exists vendor_users_scim_user_name`,
      sql`alter table vendor_users drop column scim_tombstoned_at`,
      sql`alter table vendor_users drop column scim_external_id`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
