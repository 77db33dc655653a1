import type { Kysely } from 'kysely';
import type { DB } from './schema';

/** A query builder or a raw `sql` statement: both compile (a raw one with the db that runs it). */
export interface CompilableQuery {
  compile(db: Kysely<DB>): { sql: string };
}

/**
 * The queries a file sends, each built with example arguments (every optional
 * branch where it changes the SQL), named for the reader. A file declaring
 * `export const sqlExamples = { … } satisfies SqlExamples` gets the reviewed
 * snapshot beside it (`<file>.sql`), written by `npm run sql:snapshot` and
 * checked by libs/directory/src/sql-snapshot.spec.ts.
 */
export type SqlExamples = Record<string, (db: Kysely<DB>) => CompilableQuery>;
