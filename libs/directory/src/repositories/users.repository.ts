import { Kysely, sql } from 'kysely';
import type {
  ChangeEntry,
  WriteThroughWork,
  StoredCanonicalUser,
  StoredUser,
  UserListPage,
  UserListQuery,
  UserRepository,
} from '../directory.port';
import type { DB } from '../db/schema';
import type { SqlExamples } from '../db/sql-examples';
import { guard } from '../db/store-guard';
import { inTransaction } from '../db/transaction';
import { appendChanges } from './change-feed';
import { toChangeEntry, toIsoOrNull, toStoredUser, USER_COLUMNS, withSighting } from './rows';
import { applySightings } from './sightings';

/**
 * Search text as it is compared: Unicode NFC (so a composed "ë" and an "e"
 * followed by a combining diaeresis are one letter) and lower-cased. The
 * stored side goes through `lower(normalize(column, NFC))`.
 */
export function foldSearchText(text: string): string {
  return text.normalize('NFC').toLowerCase().normalize('NFC');
}

/** LIKE's own characters in a caller's text are literals, not wildcards. */
export function likePrefix(text: string): string {
  return `${foldSearchText(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A searchable column as `q` compares it (see foldSearchText). */
function folded(column: 'email' | 'first_name' | 'last_name' | 'display_name') {
  return sql<string>`lower(normalize(${sql.ref(column)}, NFC))`;
}

export function listUsersQuery(db: Kysely<DB>, query: UserListQuery) {
  let select = withSighting(db.selectFrom('vendor_users'))
    .select(USER_COLUMNS)
    .orderBy('id')
    .limit(query.limit + 1);
  if (!query.includeDeleted) select = select.where('deleted_at', 'is', null);
  if (query.connections && query.connections.length > 0)
    select = select.where('connection', 'in', [...query.connections]);
  if (query.email !== undefined) select = select.where('email', '=', query.email);
  if (query.status !== undefined) select = select.where('status', '=', query.status);
  if (query.role !== undefined) select = select.where('role', '=', query.role);
  if (query.updatedSince !== undefined)
    select = select.where('updated_at', '>=', query.updatedSince);
  if (query.q !== undefined && query.q !== '') {
    const prefix = likePrefix(query.q);
    select = select.where((eb) =>
      eb.or([
        eb(folded('email'), 'like', prefix),
        eb(folded('first_name'), 'like', prefix),
        eb(folded('last_name'), 'like', prefix),
        eb(folded('display_name'), 'like', prefix),
      ]),
    );
  }
  if (query.after) select = select.where('id', '>', query.after);
  return select;
}

export function getUserQuery(db: Kysely<DB>, globalId: string) {
  return withSighting(db.selectFrom('vendor_users'))
    .select(USER_COLUMNS)
    .where('vendor_users.id', '=', globalId);
}

export function markDeletedQuery(db: Kysely<DB>, globalId: string) {
  return db
    .updateTable('vendor_users')
    .set({
      deleted_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
      written_at: sql<Date>`now()`,
    })
    .where('id', '=', globalId)
    .where('deleted_at', 'is', null)
    .returning(['id', 'connection', 'vendor', 'vendor_id', 'deleted_at']);
}

export class KyselyUserRepository implements UserRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list(query: UserListQuery): Promise<UserListPage> {
    return guard(async () => {
      const rows = await listUsersQuery(this.db, query).execute();
      const more = rows.length > query.limit;
      const page = more ? rows.slice(0, query.limit) : rows;
      return {
        users: page.map(toStoredUser),
        nextAfter: more ? page[page.length - 1].id : null,
      };
    });
  }

  get(globalId: string): Promise<StoredUser | null> {
    return guard(async () => {
      const row = await getUserQuery(this.db, globalId).executeTakeFirst();
      return row ? toStoredUser(row) : null;
    });
  }

  // The row, its change entry and the caller's `also` commit together or not at all.
  recordWrite(user: StoredCanonicalUser, also?: WriteThroughWork): Promise<ChangeEntry | null> {
    return guard(() =>
      inTransaction(this.db, async (trx, tx) => {
        const result = await applySightings(trx, [user], {
          source: 'write',
          runId: null,
          returnChanges: true,
        });
        const change = result.changes[0] ?? null;
        await also?.(tx, change);
        return change;
      }),
    );
  }

  recordDeleted(globalId: string, also?: WriteThroughWork): Promise<ChangeEntry | null> {
    return guard(() =>
      inTransaction(this.db, async (trx, tx) => {
        const gone = await markDeletedQuery(trx, globalId).executeTakeFirst();
        if (!gone) {
          await also?.(tx, null);
          return null;
        }
        const [written] = await appendChanges(
          trx,
          [
            {
              user_id: gone.id,
              connection: gone.connection,
              vendor: gone.vendor,
              vendor_id: gone.vendor_id,
              kind: 'deleted',
              fields: {
                deletedAt: { before: null, after: toIsoOrNull(gone.deleted_at) },
              },
              source: 'write',
              sync_run_id: null,
            },
          ],
          true,
        );
        const change = toChangeEntry(written);
        await also?.(tx, change);
        return change;
      }),
    );
  }
}

/** This file's queries with example arguments: the reviewed snapshot beside it (see SqlExamples). */
export const sqlExamples = {
  'list (no filter)': (db) => listUsersQuery(db, { limit: 50 }),
  'list (every filter)': (db) =>
    listUsersQuery(db, {
      connections: ['a', 'b'],
      email: 'e',
      status: 'active',
      role: 'admin',
      updatedSince: new Date('2026-01-01T00:00:00.000Z'),
      q: 'ad',
      includeDeleted: true,
      after: 'a:1',
      limit: 50,
    }),
  get: (db) => getUserQuery(db, 'a:1'),
  markDeleted: (db) => markDeletedQuery(db, 'a:1'),
} satisfies SqlExamples;
