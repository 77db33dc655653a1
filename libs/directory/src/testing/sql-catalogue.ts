import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import type { DB } from '../db/schema';
import * as reconciliation from '../reconcile/reconciliation.queries';
import * as changeFeed from '../repositories/change-feed';
import * as changes from '../repositories/changes.repository';
import * as idempotency from '../repositories/idempotency.repository';
import * as sightings from '../repositories/sightings';
import * as syncRuns from '../repositories/sync-runs.repository';
import * as users from '../repositories/users.repository';
import { canonicalUser } from './fake-adapter';

/** A Kysely that compiles PostgreSQL and never connects: for the reviewed SQL snapshot. */
const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

// RawBuilder.compile needs the executor; query builders carry their own.
type Compilable = { compile(db: Kysely<DB>): { sql: string } } | { compile(): { sql: string } };
const at = new Date('2026-01-01T00:00:00.000Z');
const user = canonicalUser('vendor', '1');

/** Every repository query with representative arguments (all optional filters on where it matters). */
const QUERIES: Record<string, Compilable> = {
  'users.list (no filter)': users.listUsersQuery(db, { limit: 50 }),
  'users.list (every filter)': users.listUsersQuery(db, {
    connections: ['a', 'b'],
    email: 'e',
    status: 'active',
    role: 'admin',
    updatedSince: at,
    q: 'ad',
    includeDeleted: true,
    after: 'a:1',
    limit: 50,
  }),
  'users.get': users.getUserQuery(db, 'a:1'),
  'users.markDeleted': users.markDeletedQuery(db, 'a:1'),
  'sightings.prior': sightings.priorStateQuery(db, ['a:1'], ['f'], [null]),
  'sightings.upsert (sync, 2 rows)': sightings.upsertUsersQuery(
    db,
    [
      { user, fingerprint: 'f' },
      { user, fingerprint: 'g' },
    ],
    1,
    'sync',
  ),
  'sightings.upsert (write, 1 row)': sightings.upsertUsersQuery(
    db,
    [{ user, fingerprint: 'f' }],
    null,
    'write',
  ),
  'changeFeed.lock': changeFeed.lockChangeFeedQuery(),
  'changeFeed.insertChanges (1 row)': changeFeed.insertChangesQuery(
    db,
    [
      {
        user_id: 'a:1',
        connection: 'a',
        vendor: 'a',
        vendor_id: '1',
        kind: 'created',
        fields: {},
        source: 'sync',
        sync_run_id: 1,
      },
    ],
    false,
  ),
  'sightings.touchSeen': sightings.touchSeenQuery(db, ['a:1'], 1),
  'changes.list (every filter)': changes.listChangesQuery(db, {
    after: 0,
    limit: 100,
    connections: ['a'],
    kinds: ['created', 'deleted'],
  }),
  'changes.latestSequence': changes.latestSequenceQuery(db),
  'syncRuns.list': syncRuns.listSyncRunsQuery(db, { connections: ['a'], before: 10, limit: 20 }),
  'syncRuns.get': syncRuns.getSyncRunQuery(db, 1),
  'syncRuns.running': syncRuns.runningSyncRunsQuery(db),
  'syncRuns.lastSuccess': syncRuns.lastSuccessQuery(db),
  'sync.expireLeases': syncRuns.expireLeasesQuery(db, 'a', 120_000),
  'sync.claimRun': syncRuns.claimRunQuery(db, 'a', 'a'),
  'sync.runningForVendor': syncRuns.runningForVendorQuery(db, 'a'),
  'sync.renewLease': syncRuns.renewLeaseQuery(db, 1, {
    usersRead: 0,
    pages: 0,
    created: 0,
    updated: 0,
    deactivated: 0,
    reactivated: 0,
    deleted: 0,
    rejected: 0,
    deletionsSkipped: 0,
    deletionsWithheld: 0,
    staleSkipped: 0,
  }),
  'sync.lockOwnRun': syncRuns.lockOwnRunQuery(db, 1),
  'sync.absenceCounts': syncRuns.absenceCountsQuery(db, 'a', 1),
  'sync.absentUsers': syncRuns.absentUsersQuery(db, 'a', 1, 1000),
  'sync.markDeleted (still absent)': syncRuns.markDeletedQuery(db, 'a', 1, ['a:1'], true),
  'sync.markDeleted (confirmed by an operator)': syncRuns.markDeletedQuery(
    db,
    'a',
    1,
    ['a:1'],
    false,
  ),
  'sync.withholdAbsent': syncRuns.withholdAbsentQuery(db, 'a', 1, ['a:1']),
  'sync.pendingWithheld': syncRuns.pendingWithheldQuery(db, 1, 1000),
  'sync.countPendingWithheld': syncRuns.countPendingWithheldQuery(db, 1),
  'sync.resolveWithheld': syncRuns.resolveWithheldQuery(db, 1, ['a:1'], ['deleted']),
  'sync.expireLeases (every vendor)': syncRuns.expireLeasesQuery(db, null, 120_000),
  'sync.analyze': syncRuns.analyzeAfterSyncQuery(),
  'sync.finishRun': syncRuns.finishRunQuery(
    db,
    1,
    'succeeded',
    {
      usersRead: 0,
      pages: 0,
      created: 0,
      updated: 0,
      deactivated: 0,
      reactivated: 0,
      deleted: 0,
      rejected: 0,
      deletionsSkipped: 0,
      deletionsWithheld: 0,
      staleSkipped: 0,
    },
    {},
  ),
  'idempotency.insert': idempotency.insertKeyQuery(db, 'k', 'f', at),
  'idempotency.lock': idempotency.lockKeyQuery(db, 'k'),
  'idempotency.set': idempotency.setKeyQuery(db, 'k', {
    state: 'completed',
    fingerprint: 'f',
    response: { status: 201, body: null },
    expiresAt: at,
  }),
  'idempotency.delete': idempotency.deleteKeyQuery(db, 'k'),
  'idempotency.sweep': idempotency.sweepKeysQuery(db, at),
  'reconciliation.expire': reconciliation.expireReconciliationQuery(db, 30),
  'reconciliation.claim': reconciliation.claimReconciliationQuery(db, ['a'], []),
  'reconciliation.running': reconciliation.runningReconciliationQuery(db),
  'reconciliation.getRun': reconciliation.getReconciliationRunQuery(db, 1),
  'reconciliation.latestRun': reconciliation.latestReconciliationRunQuery(db),
  'reconciliation.runSummary': reconciliation.runSummaryQuery(db, 1),
  'reconciliation.readUsers': reconciliation.reconcileUsersQuery(db, ['a'], 'a:1', 10_000),
  'reconciliation.upsertConflicts (1 row)': reconciliation.upsertConflictsQuery(db, 1, [
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
  'reconciliation.insertIdentities (1 row)': reconciliation.insertIdentitiesQuery(db, 1, [
    {
      position: 1,
      identity_id: 'idn_1',
      connections: ['a'],
      vendors: ['a'],
      emails: [],
      conflict_types: [],
      severities: [],
      body: {},
    },
  ]),
  'reconciliation.resolveConflicts': reconciliation.resolveConflictsQuery(db, 1, ['a']),
  'reconciliation.countOpen': reconciliation.countOpenConflictsQuery(db),
  'reconciliation.finish': reconciliation.finishReconciliationQuery(db, 1, {
    users: 0,
    identities: 0,
    open_conflicts: 0,
    opened: 0,
    resolved: 0,
    summary: '{}',
  }),
  'reconciliation.fail': reconciliation.failReconciliationQuery(db, 1, 'e'),
  'reconciliation.pruneIdentities': reconciliation.pruneIdentitiesQuery(db, 3),
  'reconciliation.runsSince': reconciliation.runsSinceQuery(db, 1),
  'reconciliation.listIdentities (no filter)': reconciliation.listIdentitiesQuery(
    db,
    1,
    null,
    51,
    {},
  ),
  'reconciliation.listIdentities (every filter)': reconciliation.listIdentitiesQuery(
    db,
    1,
    10,
    51,
    { conflict: 'status_mismatch', vendor: 'a', email: 'e@x', severity: 'high' },
  ),
  'reconciliation.listIdentities (missing_in)': reconciliation.listIdentitiesQuery(
    db,
    1,
    null,
    51,
    { conflict: 'missing_in' },
  ),
  'reconciliation.oldestOpenGaps': reconciliation.oldestOpenGapsQuery(),
  'reconciliation.history (identity)': reconciliation.conflictHistoryQuery(db, 'idn_1'),
  'reconciliation.history (member)': reconciliation.conflictHistoryQuery(db, 'a:1'),
};

const tidy = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();

/** The snapshot file's text: one block per query, in a fixed order. */
export function renderSqlSnapshot(): string {
  const header =
    '-- Generated by `npm run sql:snapshot` from libs/directory/src/testing/sql-catalogue.ts.\n' +
    '-- Every statement the directory sends, for review; a spec fails when it is stale.\n';
  const blocks = Object.entries(QUERIES).map(
    ([name, query]) =>
      `-- ${name}\n${tidy((query.compile as (db: Kysely<DB>) => { sql: string }).call(query, db).sql)};\n`,
  );
  return `${header}\n${blocks.join('\n')}`;
}

export const SQL_SNAPSHOT_PATH = 'libs/directory/sql/queries.sql';
