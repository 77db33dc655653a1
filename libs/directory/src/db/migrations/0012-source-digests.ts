import { Kysely, Migration, sql } from 'kysely';

/**
 * A sync reads every user of a connection on every run, and most of them are
 * as they were: mapping each again (phone numbers, roles, a fingerprint) was
 * most of a second sync's work. A digest of the item as the vendor sent it
 * (with the adapter's mapping version) lets the sync recognise such a user
 * without mapping it:
 *
 * - `vendor_users.source_digest`: the digest of the item a sync last wrote
 *   the row from; a write through the gateway clears it.
 * - `vendor_user_sightings.digest` and `.fingerprint`: the digest a sync found
 *   the user unchanged with, and the row's fingerprint at that moment. The
 *   sighting speaks for the row only while the row keeps that fingerprint.
 *
 * Nullable, no default: adding them rewrites no row. Nothing is indexed: both
 * are read through the user's key.
 */
export const sourceDigests: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const statements = [
      sql`alter table vendor_users add column source_digest text`,
      sql`alter table vendor_user_sightings add column digest text, add column fingerprint text`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    const statements = [
      sql`alter table vendor_user_sightings drop column digest, drop column fingerprint`,
      sql`alter table vendor_users drop column source_digest`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
