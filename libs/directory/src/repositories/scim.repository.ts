import type { ScimFilter } from '@userbridge/scim';
import { Kysely, sql } from 'kysely';
import type {
  DirectoryTransaction,
  ScimUserListPage,
  ScimUserListQuery,
  ScimUserStore,
  StoredUser,
} from '../directory.port';
import type { DB } from '../db/schema';
import { guard } from '../db/store-guard';
import { transactionOf } from '../db/transaction';
import { toStoredUser, USER_COLUMNS, UserRow } from './rows';
import { scimFilterSql, SCIM_USER_NAME_SQL } from './scim-filter.sql';
import { foldSearchText } from './users.repository';

/** Users a SCIM endpoint sees: of its connection, not gone at the vendor, not tombstoned. */
function scimVisible(db: Kysely<DB>, connection: string, filter: ScimFilter | null) {
  let select = db
    .selectFrom('vendor_users')
    .where('connection', '=', connection)
    .where('deleted_at', 'is', null)
    .where('scim_tombstoned_at', 'is', null)
    .where('status', '<>', 'deleted');
  if (filter !== null) select = select.where(scimFilterSql(filter));
  return select;
}

export function scimCountUsersQuery(db: Kysely<DB>, connection: string, filter: ScimFilter | null) {
  return scimVisible(db, connection, filter).select((eb) => eb.fn.countAll<string>().as('total'));
}

/** Offset paging, as SCIM pages; the (connection, vendor_id) unique index gives the order. */
export function scimListUsersQuery(
  db: Kysely<DB>,
  connection: string,
  filter: ScimFilter | null,
  offset: number,
  limit: number,
) {
  return scimVisible(db, connection, filter)
    .select(USER_COLUMNS)
    .orderBy('vendor_id')
    .offset(offset)
    .limit(limit);
}

export function scimFindByUserNameQuery(db: Kysely<DB>, connection: string, userName: string) {
  return db
    .selectFrom('vendor_users')
    .select(USER_COLUMNS)
    .where('connection', '=', connection)
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`${SCIM_USER_NAME_SQL} = ${foldSearchText(userName)}`)
    .orderBy('id')
    .limit(100);
}

export function scimSetExternalIdQuery(db: Kysely<DB>, globalId: string, value: string | null) {
  return db
    .updateTable('vendor_users')
    .set({ scim_external_id: value })
    .where('id', '=', globalId)
    .returning('id');
}

export function scimSetTombstoneQuery(db: Kysely<DB>, globalId: string, at: Date | null) {
  return db
    .updateTable('vendor_users')
    .set({ scim_tombstoned_at: at })
    .where('id', '=', globalId)
    .returning('id');
}

export class KyselyScimUserStore implements ScimUserStore {
  constructor(private readonly db: Kysely<DB>) {}

  listUsers(query: ScimUserListQuery): Promise<ScimUserListPage> {
    return guard(() =>
      // One snapshot for the count and the page: totalResults agrees with the page.
      this.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          const counted = await scimCountUsersQuery(
            trx,
            query.connection,
            query.filter,
          ).executeTakeFirstOrThrow();
          const totalResults = Number(counted.total);
          const offset = Math.max(1, query.startIndex) - 1;
          if (query.count <= 0 || offset >= totalResults) return { totalResults, users: [] };
          const rows = (await scimListUsersQuery(
            trx,
            query.connection,
            query.filter,
            offset,
            query.count,
          ).execute()) as UserRow[];
          return { totalResults, users: rows.map(toStoredUser) };
        }),
    );
  }

  findByUserName(connection: string, userName: string): Promise<StoredUser[]> {
    return guard(async () => {
      const rows = (await scimFindByUserNameQuery(
        this.db,
        connection,
        userName,
      ).execute()) as UserRow[];
      return rows.map(toStoredUser);
    });
  }

  async setExternalId(
    tx: DirectoryTransaction,
    globalId: string,
    value: string | null,
  ): Promise<boolean> {
    const rows = await scimSetExternalIdQuery(transactionOf(tx), globalId, value).execute();
    return rows.length > 0;
  }

  async setTombstone(
    tx: DirectoryTransaction,
    globalId: string,
    at: Date | null,
  ): Promise<boolean> {
    const rows = await scimSetTombstoneQuery(transactionOf(tx), globalId, at).execute();
    return rows.length > 0;
  }
}
