import { Kysely, Migration, sql } from 'kysely';

/**
 * `q` compares `lower(normalize(column, NFC))` with a prefix (so that a
 * composed and a decomposed "ë" are one letter). An index serves a LIKE
 * prefix only on that very expression, so the 0001 indexes on `lower(column)`
 * no longer serve the search: these replace them. `email` keeps its own index
 * for the exact `email=` filter. `normalize()` is immutable, so it may index.
 */
const COLUMNS = ['email', 'first_name', 'last_name', 'display_name'] as const;

export const foldedSearchIndexes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const column of COLUMNS)
      await sql`create index ${sql.id(`vendor_users_folded_${column}`)} on vendor_users
        (lower(normalize(${sql.ref(column)}, NFC)) text_pattern_ops)`.execute(db);
    for (const column of ['first_name', 'last_name', 'display_name'])
      await sql`drop index if exists ${sql.id(`vendor_users_${column}`)}`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const column of ['first_name', 'last_name', 'display_name'])
      await sql`create index ${sql.id(`vendor_users_${column}`)} on vendor_users
        (lower(${sql.ref(column)}) text_pattern_ops)`.execute(db);
    for (const column of COLUMNS)
      await sql`drop index if exists ${sql.id(`vendor_users_folded_${column}`)}`.execute(db);
  },
};
