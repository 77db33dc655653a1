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
import type { SqlExamples } from '../db/sql-examples';
import { guard } from '../db/store-guard';
import { transactionOf } from '../db/transaction';
import { toStoredUser, USER_COLUMNS, withSighting } from './rows';
import { scimFilterSql, SCIM_USER_NAME_SQL } from './scim-filter.sql';
import { foldSearchText } from './users.repository';

/**
 * Users a SCIM endpoint sees: of its connection, not gone at the vendor, not
 * tombstoned. Written as migration 0009's partial index predicate (a literal,
 * not a parameter) so the planner can prove the index applies.
 */
function scimVisible(db: Kysely<DB>, connection: string, filter: ScimFilter | null) {
  let select = db
    .selectFrom('vendor_users')
    .where('connection', '=', connection)
    .where(sql<boolean>`deleted_at is null and scim_tombstoned_at is null and status <> 'deleted'`);
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
  return withSighting(scimVisible(db, connection, filter))
    .select(USER_COLUMNS)
    .orderBy('vendor_id')
    .offset(offset)
    .limit(limit);
}

export function scimFindByUserNameQuery(db: Kysely<DB>, connection: string, userName: string) {
  return withSighting(db.selectFrom('vendor_users'))
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
          const rows = await scimListUsersQuery(
            trx,
            query.connection,
            query.filter,
            offset,
            query.count,
          ).execute();
          return { totalResults, users: rows.map(toStoredUser) };
        }),
    );
  }

  findByUserName(connection: string, userName: string): Promise<StoredUser[]> {
    return guard(async () => {
      const rows = await scimFindByUserNameQuery(this.db, connection, userName).execute();
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

const exampleAt = new Date('2026-01-01T00:00:00.000Z');

/** One filter naming every attribute, every operator and a value path, so the snapshot shows each translation. */
const EVERY_ATTRIBUTE_FILTER: ScimFilter = (() => {
  const all: ScimFilter[] = [
    { kind: 'compare', attribute: 'id', operator: 'eq', value: '1' },
    { kind: 'compare', attribute: 'externalId', operator: 'sw', value: 'x' },
    { kind: 'compare', attribute: 'userName', operator: 'co', value: 'a' },
    { kind: 'compare', attribute: 'displayName', operator: 'ew', value: 'a' },
    { kind: 'compare', attribute: 'name.givenName', operator: 'gt', value: 'a' },
    { kind: 'compare', attribute: 'name.familyName', operator: 'ge', value: 'a' },
    { kind: 'compare', attribute: 'name.formatted', operator: 'lt', value: 'a' },
    { kind: 'compare', attribute: 'active', operator: 'ne', value: true },
    {
      kind: 'compare',
      attribute: 'meta.lastModified',
      operator: 'le',
      value: exampleAt.toISOString(),
    },
    { kind: 'present', attribute: 'displayName' },
    {
      kind: 'valuePath',
      attribute: 'emails',
      filter: {
        kind: 'and',
        left: { kind: 'compare', attribute: 'type', operator: 'eq', value: 'work' },
        right: {
          kind: 'or',
          left: { kind: 'compare', attribute: 'value', operator: 'co', value: '@x' },
          right: { kind: 'not', filter: { kind: 'present', attribute: 'primary' } },
        },
      },
    },
  ];
  return all.reduce((left, right, i) =>
    i % 2 === 0 ? { kind: 'or', left, right } : { kind: 'and', left, right },
  );
})();

export const sqlExamples = {
  'countUsers (no filter)': (db) => scimCountUsersQuery(db, 'a', null),
  'countUsers (userName eq)': (db) =>
    scimCountUsersQuery(db, 'a', {
      kind: 'compare',
      attribute: 'userName',
      operator: 'eq',
      value: 'Ann',
    }),
  'listUsers (every attribute and operator)': (db) =>
    scimListUsersQuery(db, 'a', EVERY_ATTRIBUTE_FILTER, 100, 100),
  findByUserName: (db) => scimFindByUserNameQuery(db, 'a', 'Ann'),
  setExternalId: (db) => scimSetExternalIdQuery(db, 'a:1', 'x'),
  setTombstone: (db) => scimSetTombstoneQuery(db, 'a:1', exampleAt),
} satisfies SqlExamples;
