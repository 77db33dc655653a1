import { Kysely, sql } from 'kysely';
import type { ChangePage, ChangeQuery, ChangeRepository } from '../directory.port';
import type { DB } from '../db/schema';
import type { SqlExamples } from '../db/sql-examples';
import { guard } from '../db/store-guard';
import { CHANGE_COLUMNS, toFeedEntry } from './rows';

export function listChangesQuery(db: Kysely<DB>, query: ChangeQuery) {
  let select = db
    .selectFrom('changes')
    .select(CHANGE_COLUMNS)
    .where('sequence', '>', query.after)
    .orderBy('sequence')
    .limit(query.limit);
  if (query.connections && query.connections.length > 0) {
    const names = [...query.connections];
    // A user's change by its connection; any other entry only when every connection it touches is named.
    select = select.where((eb) =>
      eb.or([
        eb('connection', 'in', names),
        eb.and([eb('connection', 'is', null), sql<boolean>`connections <@ ${names}::text[]`]),
      ]),
    );
  }
  if (query.kinds && query.kinds.length > 0) select = select.where('kind', 'in', [...query.kinds]);
  return select;
}

export function latestSequenceQuery(db: Kysely<DB>) {
  return db.selectFrom('changes').select((eb) => eb.fn.max('sequence').as('latest'));
}

export class KyselyChangeRepository implements ChangeRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list(query: ChangeQuery): Promise<ChangePage> {
    return guard(async () => {
      const rows = await listChangesQuery(this.db, query).execute();
      const changes = rows.map(toFeedEntry);
      return {
        changes,
        nextAfter: changes.length > 0 ? changes[changes.length - 1].sequence : query.after,
      };
    });
  }

  latestSequence(): Promise<number> {
    return guard(async () => {
      const row = await latestSequenceQuery(this.db).executeTakeFirst();
      return row?.latest ?? 0;
    });
  }
}

/** This file's queries with example arguments: the reviewed snapshot beside it (see SqlExamples). */
export const sqlExamples = {
  'list (every filter)': (db) =>
    listChangesQuery(db, {
      after: 0,
      limit: 100,
      connections: ['a'],
      kinds: ['created', 'deleted'],
    }),
  latestSequence: (db) => latestSequenceQuery(db),
} satisfies SqlExamples;
