import { Kysely, sql } from 'kysely';
import type {
  ChangeEntry,
  StoredCanonicalUser,
  StoredUser,
  UserListPage,
  UserListQuery,
  UserRepository,
} from '../directory.port';
import type { DB } from '../db/schema';
import { guard } from '../db/store-guard';
import { ChangeRow, toChangeEntry, toStoredUser, USER_COLUMNS, UserRow } from './rows';
import { applySightings, insertChangesQuery } from './sightings';

/** LIKE's own characters in a caller's text are literals, not wildcards. */
export function likePrefix(text: string): string {
  return `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function listUsersQuery(db: Kysely<DB>, query: UserListQuery) {
  let select = db
    .selectFrom('vendor_users')
    .select(USER_COLUMNS)
    .orderBy('id')
    .limit(query.limit + 1);
  if (!query.includeDeleted) select = select.where('deleted_at', 'is', null);
  if (query.vendors && query.vendors.length > 0)
    select = select.where('vendor', 'in', [...query.vendors]);
  if (query.email !== undefined) select = select.where('email', '=', query.email);
  if (query.status !== undefined) select = select.where('status', '=', query.status);
  if (query.role !== undefined) select = select.where('role', '=', query.role);
  if (query.updatedSince !== undefined)
    select = select.where('updated_at', '>=', query.updatedSince);
  if (query.q !== undefined && query.q !== '') {
    const prefix = likePrefix(query.q);
    select = select.where((eb) =>
      eb.or([
        eb('email', 'like', prefix),
        eb(eb.fn('lower', ['first_name']), 'like', prefix),
        eb(eb.fn('lower', ['last_name']), 'like', prefix),
        eb(eb.fn('lower', ['display_name']), 'like', prefix),
      ]),
    );
  }
  if (query.after) select = select.where('id', '>', query.after);
  return select;
}

export function getUserQuery(db: Kysely<DB>, globalId: string) {
  return db.selectFrom('vendor_users').select(USER_COLUMNS).where('id', '=', globalId);
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
    .returning(['id', 'vendor', 'vendor_id', 'deleted_at']);
}

export class KyselyUserRepository implements UserRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list(query: UserListQuery): Promise<UserListPage> {
    return guard(async () => {
      const rows = (await listUsersQuery(this.db, query).execute()) as UserRow[];
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
      const row = (await getUserQuery(this.db, globalId).executeTakeFirst()) as UserRow | undefined;
      return row ? toStoredUser(row) : null;
    });
  }

  recordWrite(user: StoredCanonicalUser): Promise<ChangeEntry | null> {
    return guard(() =>
      this.db.transaction().execute(async (trx) => {
        const result = await applySightings(trx, [user], {
          source: 'write',
          runId: null,
          returnChanges: true,
        });
        return result.changes[0] ?? null;
      }),
    );
  }

  recordDeleted(globalId: string): Promise<ChangeEntry | null> {
    return guard(() =>
      this.db.transaction().execute(async (trx) => {
        const gone = await markDeletedQuery(trx, globalId).executeTakeFirst();
        if (!gone) return null;
        const written = await insertChangesQuery(
          trx,
          [
            {
              user_id: gone.id,
              vendor: gone.vendor,
              vendor_id: gone.vendor_id,
              kind: 'deleted',
              fields: {
                deletedAt: { before: null, after: new Date(gone.deleted_at as Date).toISOString() },
              },
              source: 'write',
              sync_run_id: null,
            },
          ],
          true,
        ).execute(trx);
        return toChangeEntry(written.rows[0] as ChangeRow);
      }),
    );
  }
}
