import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import type { ScimFilter } from '@userbridge/scim';
import type { DB } from '../db/schema';
import * as reconciliation from '../reconcile/reconciliation.queries';
import * as changeFeed from '../repositories/change-feed';
import * as changes from '../repositories/changes.repository';
import * as idempotency from '../repositories/idempotency.repository';
import * as scim from '../repositories/scim.repository';
import * as sightings from '../repositories/sightings';
import * as syncRuns from '../repositories/sync-runs.repository';
import * as users from '../repositories/users.repository';
import { canonicalUser } from './fake-adapter';

/** A Kysely that compiles PostgreSQL and never connects: for the reviewed SQL snapshot and query plans. */
export const compilingDb = new Kysely<DB>({
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

/** One filter naming every attribute, every operator and a value path, so the snapshot shows each translation. */
const SCIM_CATALOGUE_FILTER: ScimFilter = (() => {
  const all: ScimFilter[] = [
    { kind: 'compare', attribute: 'id', operator: 'eq', value: '1' },
    { kind: 'compare', attribute: 'externalId', operator: 'sw', value: 'x' },
    { kind: 'compare', attribute: 'userName', operator: 'co', value: 'a' },
    { kind: 'compare', attribute: 'displayName', operator: 'ew', value: 'a' },
    { kind: 'compare', attribute: 'name.givenName', operator: 'gt', value: 'a' },
    { kind: 'compare', attribute: 'name.familyName', operator: 'ge', value: 'a' },
    { kind: 'compare', attribute: 'name.formatted', operator: 'lt', value: 'a' },
    { kind: 'compare', attribute: 'active', operator: 'ne', value: true },
    { kind: 'compare', attribute: 'meta.lastModified', operator: 'le', value: at.toISOString() },
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

/** Every repository query with representative arguments (all optional filters on where it matters). */
const QUERIES: Record<string, Compilable> = {
  'users.list (no filter)': users.listUsersQuery(compilingDb, { limit: 50 }),
  'users.list (every filter)': users.listUsersQuery(compilingDb, {
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
  'users.get': users.getUserQuery(compilingDb, 'a:1'),
  'users.markDeleted': users.markDeletedQuery(compilingDb, 'a:1'),
  'sightings.prior': sightings.priorStateQuery(compilingDb, ['a:1'], ['f'], [null]),
  'sightings.upsert (sync, 2 rows)': sightings.upsertUsersQuery(
    compilingDb,
    [
      { user, fingerprint: 'f' },
      { user, fingerprint: 'g' },
    ],
    1,
    'sync',
  ),
  'sightings.upsert (write, 1 row)': sightings.upsertUsersQuery(
    compilingDb,
    [{ user, fingerprint: 'f' }],
    null,
    'write',
  ),
  'changeFeed.lock': changeFeed.lockChangeFeedQuery(),
  'changeFeed.insertChanges (1 row)': changeFeed.insertChangesQuery(
    compilingDb,
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
  'sightings.touchSeen': sightings.touchSeenQuery(compilingDb, ['a:1'], 1),
  'changes.list (every filter)': changes.listChangesQuery(compilingDb, {
    after: 0,
    limit: 100,
    connections: ['a'],
    kinds: ['created', 'deleted'],
  }),
  'changes.latestSequence': changes.latestSequenceQuery(compilingDb),
  'syncRuns.list': syncRuns.listSyncRunsQuery(compilingDb, {
    connections: ['a'],
    before: 10,
    limit: 20,
  }),
  'syncRuns.get': syncRuns.getSyncRunQuery(compilingDb, 1),
  'syncRuns.running': syncRuns.runningSyncRunsQuery(compilingDb),
  'syncRuns.lastSuccess': syncRuns.lastSuccessQuery(compilingDb),
  'sync.expireLeases': syncRuns.expireLeasesQuery(compilingDb, 'a', 120_000),
  'sync.claimRun': syncRuns.claimRunQuery(compilingDb, 'a', 'a'),
  'sync.runningForVendor': syncRuns.runningForVendorQuery(compilingDb, 'a'),
  'sync.renewLease': syncRuns.renewLeaseQuery(compilingDb, 1, {
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
  'sync.lockOwnRun': syncRuns.lockOwnRunQuery(compilingDb, 1),
  'sync.absenceCounts': syncRuns.absenceCountsQuery(compilingDb, 'a', 1),
  'sync.absentUsers': syncRuns.absentUsersQuery(compilingDb, 'a', 1, 1000),
  'sync.markDeleted (still absent)': syncRuns.markDeletedQuery(compilingDb, 'a', 1, ['a:1'], true),
  'sync.markDeleted (confirmed by an operator)': syncRuns.markDeletedQuery(
    compilingDb,
    'a',
    1,
    ['a:1'],
    false,
  ),
  'sync.withholdAbsent': syncRuns.withholdAbsentQuery(compilingDb, 'a', 1, ['a:1']),
  'sync.pendingWithheld': syncRuns.pendingWithheldQuery(compilingDb, 1, 1000),
  'sync.countPendingWithheld': syncRuns.countPendingWithheldQuery(compilingDb, 1),
  'sync.resolveWithheld': syncRuns.resolveWithheldQuery(compilingDb, 1, ['a:1'], ['deleted']),
  'sync.expireLeases (every vendor)': syncRuns.expireLeasesQuery(compilingDb, null, 120_000),
  'sync.analyze': syncRuns.analyzeAfterSyncQuery(),
  'sync.finishRun': syncRuns.finishRunQuery(
    compilingDb,
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
  'idempotency.insert': idempotency.insertKeyQuery(compilingDb, 'k', 'f', at),
  'idempotency.lock': idempotency.lockKeyQuery(compilingDb, 'k'),
  'idempotency.set': idempotency.setKeyQuery(compilingDb, 'k', {
    state: 'completed',
    fingerprint: 'f',
    response: { status: 201, body: null },
    expiresAt: at,
  }),
  'idempotency.delete': idempotency.deleteKeyQuery(compilingDb, 'k'),
  'idempotency.sweep': idempotency.sweepKeysQuery(compilingDb, at),
  'scim.countUsers (no filter)': scim.scimCountUsersQuery(compilingDb, 'a', null),
  'scim.countUsers (userName eq)': scim.scimCountUsersQuery(compilingDb, 'a', {
    kind: 'compare',
    attribute: 'userName',
    operator: 'eq',
    value: 'Ann',
  }),
  'scim.listUsers (every attribute and operator)': scim.scimListUsersQuery(
    compilingDb,
    'a',
    SCIM_CATALOGUE_FILTER,
    100,
    100,
  ),
  'scim.findByUserName': scim.scimFindByUserNameQuery(compilingDb, 'a', 'Ann'),
  'scim.setExternalId': scim.scimSetExternalIdQuery(compilingDb, 'a:1', 'x'),
  'scim.setTombstone': scim.scimSetTombstoneQuery(compilingDb, 'a:1', at),
  'reconciliation.expire': reconciliation.expireReconciliationQuery(compilingDb, 30),
  'reconciliation.claim': reconciliation.claimReconciliationQuery(compilingDb, ['a'], []),
  'reconciliation.running': reconciliation.runningReconciliationQuery(compilingDb),
  'reconciliation.getRun': reconciliation.getReconciliationRunQuery(compilingDb, 1),
  'reconciliation.latestRun': reconciliation.latestReconciliationRunQuery(compilingDb),
  'reconciliation.runSummary': reconciliation.runSummaryQuery(compilingDb, 1),
  'reconciliation.readUsers': reconciliation.reconcileUsersQuery(compilingDb, ['a'], 'a:1', 10_000),
  'reconciliation.upsertConflicts (1 row)': reconciliation.upsertConflictsQuery(compilingDb, 1, [
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
  'reconciliation.insertIdentities (1 row)': reconciliation.insertIdentitiesQuery(compilingDb, 1, [
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
  'reconciliation.resolveConflicts': reconciliation.resolveConflictsQuery(compilingDb, 1, ['a']),
  'reconciliation.countOpen': reconciliation.countOpenConflictsQuery(compilingDb),
  'reconciliation.finish': reconciliation.finishReconciliationQuery(compilingDb, 1, {
    users: 0,
    identities: 0,
    open_conflicts: 0,
    opened: 0,
    resolved: 0,
    summary: '{}',
  }),
  'reconciliation.fail': reconciliation.failReconciliationQuery(compilingDb, 1, 'e'),
  'reconciliation.pruneIdentities': reconciliation.pruneIdentitiesQuery(compilingDb, 3),
  'reconciliation.runsSince': reconciliation.runsSinceQuery(compilingDb, 1),
  'reconciliation.listIdentities (no filter)': reconciliation.listIdentitiesQuery(
    compilingDb,
    1,
    null,
    51,
    {},
  ),
  'reconciliation.listIdentities (every filter)': reconciliation.listIdentitiesQuery(
    compilingDb,
    1,
    10,
    51,
    { conflict: 'status_mismatch', vendor: 'a', email: 'e@x', severity: 'high' },
  ),
  'reconciliation.listIdentities (missing_in)': reconciliation.listIdentitiesQuery(
    compilingDb,
    1,
    null,
    51,
    { conflict: 'missing_in' },
  ),
  'reconciliation.oldestOpenGaps': reconciliation.oldestOpenGapsQuery(),
  'reconciliation.history (identity)': reconciliation.conflictHistoryQuery(compilingDb, 'idn_1'),
  'reconciliation.history (member)': reconciliation.conflictHistoryQuery(compilingDb, 'a:1'),
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
      `-- ${name}\n${tidy((query.compile as (db: Kysely<DB>) => { sql: string }).call(query, compilingDb).sql)};\n`,
  );
  return `${header}\n${blocks.join('\n')}`;
}

export const SQL_SNAPSHOT_PATH = 'libs/directory/sql/queries.sql';
