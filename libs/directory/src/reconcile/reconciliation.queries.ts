import { Kysely, type NotNull, sql } from 'kysely';
import type { ConflictType, IdentityFilter, Severity } from '@userbridge/reconciliation';
import { emailKey } from '@userbridge/reconciliation';
import type { DB } from '../db/schema';
import type { SqlExamples } from '../db/sql-examples';

export const RECONCILIATION_RUN_COLUMNS = [
  'id',
  'started_at',
  'finished_at',
  'outcome',
  'vendors_read',
  'vendors_failed',
  'users',
  'identities',
  'open_conflicts',
  'opened',
  'resolved',
  'error',
] as const;

export const CONFLICT_COLUMNS = [
  'conflict_key',
  'identity_id',
  'type',
  'severity',
  'message',
  'evidence',
  'members',
  'first_seen_at',
  'last_seen_at',
  'resolved_at',
] as const;

/** A run left "running" by a process that died never finishes; after this long it is failed. */
export function expireReconciliationQuery(db: Kysely<DB>, staleMinutes: number) {
  return db
    .updateTable('reconciliation_runs')
    .set({
      outcome: 'failed',
      finished_at: sql<Date>`now()`,
      error: 'abandoned: its process stopped',
    })
    .where('outcome', '=', 'running')
    .where('started_at', '<', sql<Date>`now() - make_interval(mins => ${staleMinutes})`);
}

export function claimReconciliationQuery(
  db: Kysely<DB>,
  vendorsRead: string[],
  vendorsFailed: { vendor: string; code: string; message: string }[],
) {
  return db
    .insertInto('reconciliation_runs')
    .values({
      started_at: sql<Date>`now()`,
      outcome: 'running',
      vendors_read: JSON.stringify(vendorsRead),
      vendors_failed: JSON.stringify(vendorsFailed),
    })
    .onConflict((conflict) =>
      conflict.column('outcome').where('outcome', '=', 'running').doNothing(),
    )
    .returning(RECONCILIATION_RUN_COLUMNS);
}

export function runningReconciliationQuery(db: Kysely<DB>) {
  return db
    .selectFrom('reconciliation_runs')
    .select(RECONCILIATION_RUN_COLUMNS)
    .where('outcome', '=', 'running');
}

export function getReconciliationRunQuery(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('reconciliation_runs')
    .select(RECONCILIATION_RUN_COLUMNS)
    .where('id', '=', id);
}

/** A finished run's summary (a run gets its summary when it succeeds). */
export function runSummaryQuery(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('reconciliation_runs')
    .select('summary')
    .where('id', '=', id)
    .where('summary', 'is not', null)
    .$narrowType<{ summary: NotNull }>();
}

export function latestReconciliationRunQuery(db: Kysely<DB>) {
  return db
    .selectFrom('reconciliation_runs')
    .select(RECONCILIATION_RUN_COLUMNS)
    .where('outcome', '=', 'succeeded')
    .orderBy('id', 'desc')
    .limit(1);
}

/**
 * Only the fields the engine reads, named as the engine names them (each row
 * is handed to it as it is), keyset by id: the whole jsonb is never shipped.
 */
export function reconcileUsersQuery(
  db: Kysely<DB>,
  connections: string[],
  after: string | null,
  limit: number,
) {
  let select = db
    .selectFrom('vendor_users')
    .select([
      'id',
      'connection',
      'vendor',
      'vendor_id as vendorId',
      'email',
      'display_name as displayName',
      'status',
      'role',
      sql<string | null>`canonical->>'phone'`.as('phone'),
      // A SCIM client's externalId counts where the vendor has none: one IdP id is one person.
      sql<string | null>`coalesce(canonical->>'externalId', scim_external_id)`.as('externalId'),
      sql<string | null>`canonical->>'vendorRole'`.as('vendorRole'),
    ])
    .where('deleted_at', 'is', null)
    .where('connection', 'in', connections)
    .orderBy('id')
    .limit(limit);
  if (after !== null) select = select.where('id', '>', after);
  return select;
}

export interface ConflictInsert {
  conflict_key: string;
  identity_id: string;
  type: ConflictType;
  severity: Severity;
  message: string;
  evidence: string;
  members: string[];
  connections: string[];
  connection_pairs: string[];
}

/** New conflicts open here; ones open already keep first_seen_at and move last_seen on. */
export function upsertConflictsQuery(db: Kysely<DB>, runId: number, rows: ConflictInsert[]) {
  return db
    .insertInto('reconciliation_conflicts')
    .values(
      rows.map((row) => ({
        ...row,
        first_seen_run_id: runId,
        first_seen_at: sql<Date>`now()`,
        last_seen_run_id: runId,
        last_seen_at: sql<Date>`now()`,
      })),
    )
    .onConflict((conflict) =>
      conflict
        .column('conflict_key')
        .where('resolved_at', 'is', null)
        .doUpdateSet({
          identity_id: (eb) => eb.ref('excluded.identity_id'),
          severity: (eb) => eb.ref('excluded.severity'),
          message: (eb) => eb.ref('excluded.message'),
          evidence: (eb) => eb.ref('excluded.evidence'),
          members: (eb) => eb.ref('excluded.members'),
          connections: (eb) => eb.ref('excluded.connections'),
          connection_pairs: (eb) => eb.ref('excluded.connection_pairs'),
          last_seen_run_id: (eb) => eb.ref('excluded.last_seen_run_id'),
          last_seen_at: (eb) => eb.ref('excluded.last_seen_at'),
        }),
    )
    .returning(['conflict_key', 'first_seen_at', sql<boolean>`(xmax = 0)`.as('inserted')]);
}

export interface IdentityInsert {
  position: number;
  identity_id: string;
  connections: string[];
  vendors: string[];
  emails: string[];
  conflict_types: string[];
  severities: string[];
  body: unknown;
}

/** One statement per batch, the batch as one JSON parameter (see upsertUsersQuery). */
export function insertIdentitiesQuery(db: Kysely<DB>, runId: number, rows: IdentityInsert[]) {
  return sql`insert into reconciliation_identities
      (run_id, position, identity_id, connections, vendors, emails, conflict_types, severities, body)
    select ${runId}::bigint, i.position, i.identity_id, i.connections, i.vendors, i.emails,
      i.conflict_types, i.severities, i.body
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as i(position int, identity_id text,
      connections text[], vendors text[], emails text[], conflict_types text[], severities text[],
      body jsonb)`;
}

/**
 * Conflicts this run no longer sees are resolved, but only where every vendor
 * involved was read: a vendor that could not be compared resolves nothing.
 */
export function resolveConflictsQuery(db: Kysely<DB>, runId: number, vendorsRead: string[]) {
  return db
    .updateTable('reconciliation_conflicts')
    .set({ resolved_at: sql<Date>`now()`, resolved_run_id: runId })
    .where('resolved_at', 'is', null)
    .where('last_seen_run_id', '<>', runId)
    .where(sql<boolean>`connections <@ ${vendorsRead}::text[]`)
    .returning([
      'id',
      'conflict_key',
      'identity_id',
      'type',
      'severity',
      'message',
      'members',
      'connections',
      'connection_pairs',
    ]);
}

export function countOpenConflictsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('reconciliation_conflicts')
    .select((eb) => eb.fn.countAll<number>().as('open'))
    .where('resolved_at', 'is', null);
}

export function finishReconciliationQuery(
  db: Kysely<DB>,
  runId: number,
  values: {
    users: number;
    identities: number;
    open_conflicts: number;
    opened: number;
    resolved: number;
    summary: string;
  },
) {
  return db
    .updateTable('reconciliation_runs')
    .set({ ...values, outcome: 'succeeded', finished_at: sql<Date>`now()` })
    .where('id', '=', runId)
    .returning(RECONCILIATION_RUN_COLUMNS);
}

export function failReconciliationQuery(db: Kysely<DB>, runId: number, error: string) {
  return db
    .updateTable('reconciliation_runs')
    .set({ outcome: 'failed', finished_at: sql<Date>`now()`, error })
    .where('id', '=', runId)
    .where('outcome', '=', 'running');
}

/**
 * Identities of all but the newest `keep` successful runs go (a run still
 * running keeps the identities it is writing); their runs and conflicts stay.
 */
export function pruneIdentitiesQuery(db: Kysely<DB>, keep: number) {
  return db
    .deleteFrom('reconciliation_identities')
    .where('run_id', 'not in', (eb) =>
      eb
        .selectFrom('reconciliation_runs')
        .select('id')
        .where('outcome', '=', 'succeeded')
        .orderBy('id', 'desc')
        .limit(keep),
    )
    .where('run_id', 'not in', (eb) =>
      eb.selectFrom('reconciliation_runs').select('id').where('outcome', '=', 'running'),
    );
}

/** Successful runs from this one on: the run's identities are kept while it is at most `keep`. */
export function runsSinceQuery(db: Kysely<DB>, runId: number) {
  return db
    .selectFrom('reconciliation_runs')
    .select((eb) => eb.fn.countAll<number>().as('runs'))
    .where('outcome', '=', 'succeeded')
    .where('id', '>=', runId);
}

export function listIdentitiesQuery(
  db: Kysely<DB>,
  runId: number,
  after: number | null,
  limit: number,
  filter: IdentityFilter,
) {
  let select = db
    .selectFrom('reconciliation_identities')
    .select(['position', 'body'])
    .where('run_id', '=', runId)
    .orderBy('position')
    .limit(limit);
  if (after !== null) select = select.where('position', '>', after);
  if (filter.conflict !== undefined) {
    select =
      filter.conflict === 'missing_in'
        ? select.where(
            sql<boolean>`exists (select 1 from unnest(conflict_types) as t(type) where t.type like 'missing\\_in:%')`,
          )
        : select.where(sql<boolean>`conflict_types @> array[${filter.conflict}]::text[]`);
  }
  if (filter.vendor !== undefined)
    select = select.where(sql<boolean>`vendors @> array[${filter.vendor}]::text[]`);
  if (filter.connection !== undefined)
    select = select.where(sql<boolean>`connections @> array[${filter.connection}]::text[]`);
  if (filter.email !== undefined) {
    const key = emailKey(filter.email) ?? '';
    select = select.where(sql<boolean>`emails @> array[${key}]::text[]`);
  }
  if (filter.severity !== undefined)
    select = select.where(sql<boolean>`severities @> array[${filter.severity}]::text[]`);
  return select;
}

export function oldestOpenGapsQuery() {
  return sql<{ pair: string; identity_id: string; message: string; first_seen_at: Date }>`
    select distinct on (pair) pair, identity_id, message, first_seen_at
      from reconciliation_conflicts, unnest(connection_pairs) as pair
     where resolved_at is null and type = 'status_mismatch'
     order by pair, first_seen_at, id`;
}

export function conflictHistoryQuery(db: Kysely<DB>, identityOrUserId: string) {
  const select = db
    .selectFrom('reconciliation_conflicts')
    .select(CONFLICT_COLUMNS)
    .orderBy('first_seen_at')
    .orderBy('id');
  return identityOrUserId.startsWith('idn_')
    ? select.where('identity_id', '=', identityOrUserId)
    : select.where(sql<boolean>`members @> array[${identityOrUserId}]::text[]`);
}

/** This file's queries with example arguments: the reviewed snapshot beside it (see SqlExamples). */
export const sqlExamples = {
  expire: (db) => expireReconciliationQuery(db, 30),
  claim: (db) => claimReconciliationQuery(db, ['a'], []),
  running: (db) => runningReconciliationQuery(db),
  getRun: (db) => getReconciliationRunQuery(db, 1),
  latestRun: (db) => latestReconciliationRunQuery(db),
  runSummary: (db) => runSummaryQuery(db, 1),
  readUsers: (db) => reconcileUsersQuery(db, ['a'], 'a:1', 10_000),
  'upsertConflicts (1 row)': (db) =>
    upsertConflictsQuery(db, 1, [
      {
        conflict_key: 'k',
        identity_id: 'idn_1',
        type: 'status_mismatch',
        severity: 'high',
        message: 'm',
        evidence: '{}',
        members: ['a:1'],
        connections: ['a'],
        connection_pairs: [],
      },
    ]),
  insertIdentities: (db) => insertIdentitiesQuery(db, 1, []),
  resolveConflicts: (db) => resolveConflictsQuery(db, 1, ['a']),
  countOpen: (db) => countOpenConflictsQuery(db),
  finish: (db) =>
    finishReconciliationQuery(db, 1, {
      users: 0,
      identities: 0,
      open_conflicts: 0,
      opened: 0,
      resolved: 0,
      summary: '{}',
    }),
  fail: (db) => failReconciliationQuery(db, 1, 'e'),
  pruneIdentities: (db) => pruneIdentitiesQuery(db, 3),
  runsSince: (db) => runsSinceQuery(db, 1),
  'listIdentities (no filter)': (db) => listIdentitiesQuery(db, 1, null, 51, {}),
  'listIdentities (every filter)': (db) =>
    listIdentitiesQuery(db, 1, 10, 51, {
      conflict: 'status_mismatch',
      vendor: 'a',
      connection: 'a',
      email: 'e@x',
      severity: 'high',
    }),
  'listIdentities (missing_in)': (db) =>
    listIdentitiesQuery(db, 1, null, 51, { conflict: 'missing_in' }),
  oldestOpenGaps: () => oldestOpenGapsQuery(),
  'history (identity)': (db) => conflictHistoryQuery(db, 'idn_1'),
  'history (member)': (db) => conflictHistoryQuery(db, 'a:1'),
} satisfies SqlExamples;
