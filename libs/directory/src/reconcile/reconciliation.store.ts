import { Kysely, type Selectable, Transaction } from 'kysely';
import {
  AccountTable,
  Identity,
  reconcileStream,
  ReconcileSummary,
  SummaryCounter,
  VendorFailure,
} from '@userbridge/reconciliation';
import type {
  ConflictHistoryEntry,
  IdentityListQuery,
  IdentityPage,
  ReconciliationRun,
  ReconciliationStore,
  StoredIdentity,
  StoredSummary,
} from '../directory.port';
import type { DB, ReconciliationRunsTable } from '../db/schema';
import { guard, recordThroughOutage } from '../db/store-guard';
import { appendChanges, ChangeInsert } from '../repositories/change-feed';
import { toIso, toIsoOrNull } from '../repositories/rows';
import { lastSuccessQuery } from '../repositories/sync-runs.repository';
import { conflictKey, vendorPairs } from './conflict-rows';
import {
  claimReconciliationQuery,
  conflictHistoryQuery,
  ConflictInsert,
  countOpenConflictsQuery,
  expireReconciliationQuery,
  failReconciliationQuery,
  finishReconciliationQuery,
  getReconciliationRunQuery,
  insertIdentitiesQuery,
  latestReconciliationRunQuery,
  listIdentitiesQuery,
  oldestOpenGapsQuery,
  pruneIdentitiesQuery,
  RECONCILIATION_RUN_COLUMNS,
  runsSinceQuery,
  reconcileUsersQuery,
  resolveConflictsQuery,
  upsertConflictsQuery,
  runningReconciliationQuery,
  runSummaryQuery,
} from './reconciliation.queries';

/** Users read per statement, and identities made and written per batch. */
const READ_BATCH = 10_000;
const WRITE_BATCH = 500;
const STALE_RUN_MINUTES = 30;
/** How long a failed run's record is retried while the database is away (then staleness ends it). */
const RECORD_FAILURE_MS = 60_000;

type RunRow = Pick<
  Selectable<ReconciliationRunsTable>,
  (typeof RECONCILIATION_RUN_COLUMNS)[number]
>;

function toRun(row: RunRow): ReconciliationRun {
  return {
    id: row.id,
    startedAt: toIso(row.started_at),
    finishedAt: toIsoOrNull(row.finished_at),
    outcome: row.outcome,
    vendorsRead: row.vendors_read,
    vendorsFailed: row.vendors_failed,
    totals: {
      users: row.users,
      identities: row.identities,
      openConflicts: row.open_conflicts,
      opened: row.opened,
      resolved: row.resolved,
    },
    error: row.error,
  };
}

export interface ReconciliationStoreOptions {
  keepRuns: number;
}

/** A connection to reconcile: its name and vendor kind. */
export interface ReconciledConnection {
  name: string;
  vendor: string;
}

export class KyselyReconciliationStore implements ReconciliationStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: ReconciliationStoreOptions,
  ) {}

  run(connections: readonly ReconciledConnection[]): Promise<ReconciliationRun> {
    return guard(async () => {
      const synced = new Set(
        (await lastSuccessQuery(this.db).execute()).map((row) => row.connection),
      );
      const kinds = new Map(connections.map((c) => [c.name, c.vendor]));
      const wanted = [...kinds.keys()].sort();
      const vendorsRead = wanted.filter((connection) => synced.has(connection));
      const vendorsFailed: VendorFailure[] = wanted
        .filter((connection) => !synced.has(connection))
        .map((connection) => ({
          vendor: kinds.get(connection) ?? connection,
          connection,
          code: 'not_synced',
          message: `${connection} has no successful sync yet`,
        }));
      await expireReconciliationQuery(this.db, STALE_RUN_MINUTES).execute();
      const claimed = await claimReconciliationQuery(
        this.db,
        vendorsRead,
        vendorsFailed,
      ).executeTakeFirst();
      if (!claimed) {
        const running = await runningReconciliationQuery(this.db).executeTakeFirst();
        if (running) return toRun(running);
        throw new Error('could not claim a reconciliation run');
      }
      const runId = claimed.id;
      try {
        return await this.execute(runId, vendorsRead, vendorsFailed);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // A run left "running" by an outage would hold every later run back until it went stale.
        await recordThroughOutage(
          () => failReconciliationQuery(this.db, runId, message.slice(0, 500)).execute(),
          RECORD_FAILURE_MS,
        );
        throw error;
      }
    });
  }

  /** Users read in batches by id, each row reduced into the table at once: no row is kept. */
  private async readUsers(vendors: string[]): Promise<AccountTable> {
    const table = new AccountTable();
    if (vendors.length === 0) return table;
    let after: string | null = null;
    for (;;) {
      const rows = await reconcileUsersQuery(this.db, vendors, after, READ_BATCH).execute();
      for (const row of rows) table.add(row);
      if (rows.length < READ_BATCH) return table;
      after = rows[rows.length - 1].id;
    }
  }

  private async execute(
    runId: number,
    vendorsRead: string[],
    vendorsFailed: VendorFailure[],
  ): Promise<ReconciliationRun> {
    // Identities are made one at a time and written 500 at a time: only one
    // batch of them is ever held, beside the accounts' columns.
    const result = reconcileStream({
      users: await this.readUsers(vendorsRead),
      vendorsRead,
      vendorsFailed,
    });
    const counter = new SummaryCounter(result.vendorsRead);
    let opened = 0;
    let written = 0;
    let batch: Identity[] = [];
    for (const identity of result.identities) {
      counter.add(identity);
      batch.push(identity);
      if (batch.length < WRITE_BATCH) continue;
      opened += await this.writeBatch(runId, written, batch);
      written += batch.length;
      batch = [];
    }
    if (batch.length > 0) opened += await this.writeBatch(runId, written, batch);
    const summary: ReconcileSummary = counter.summary(result);
    return this.db.transaction().execute(async (trx) => {
      const resolved = await resolveConflictsQuery(trx, runId, vendorsRead).execute();
      const open = await countOpenConflictsQuery(trx).executeTakeFirstOrThrow();
      const row = await finishReconciliationQuery(trx, runId, {
        users: result.totals.users,
        identities: result.totals.identities,
        open_conflicts: open.open,
        opened,
        resolved: resolved.length,
        summary: JSON.stringify(summary),
      }).executeTakeFirstOrThrow();
      await pruneIdentitiesQuery(trx, this.options.keepRuns).execute();
      // Last in the transaction: the feed's lock is taken after every row lock.
      await appendGapEvents(
        trx,
        'gap_resolved',
        runId,
        resolved.filter((conflict) => conflict.type === GAP_TYPE),
      );
      return toRun(row);
    });
  }

  /** Upserts the batch's conflicts, then stores its identities with each conflict's firstSeenAt. */
  private async writeBatch(runId: number, start: number, batch: Identity[]): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const conflicts = new Map<string, ConflictInsert>();
      for (const identity of batch)
        for (const conflict of identity.conflicts) {
          const key = conflictKey(identity, conflict);
          if (conflicts.has(key)) continue;
          conflicts.set(key, {
            conflict_key: key,
            identity_id: identity.id,
            type: conflict.type,
            severity: conflict.severity,
            message: conflict.message,
            evidence: JSON.stringify(conflict.evidence),
            members: identity.members.map((member) => member.id),
            connections: identity.connections,
            connection_pairs: vendorPairs(conflict),
          });
        }
      const firstSeen = new Map<string, string>();
      let opened = 0;
      const gapsOpened: ConflictInsert[] = [];
      if (conflicts.size > 0) {
        const rows = await upsertConflicts(trx, runId, [...conflicts.values()]);
        for (const row of rows) {
          firstSeen.set(row.conflict_key, toIso(row.first_seen_at));
          if (!row.inserted) continue;
          opened++;
          const inserted = conflicts.get(row.conflict_key);
          if (inserted?.type === GAP_TYPE) gapsOpened.push(inserted);
        }
      }
      await insertIdentitiesQuery(
        trx,
        runId,
        batch.map((identity, index) => {
          const stored: StoredIdentity = {
            ...identity,
            conflicts: identity.conflicts.map((conflict) => ({
              ...conflict,
              firstSeenAt: firstSeen.get(conflictKey(identity, conflict)) ?? '',
            })),
          };
          return {
            position: start + index + 1,
            identity_id: identity.id,
            connections: identity.connections,
            vendors: identity.vendors,
            emails: identity.emails,
            conflict_types: [...new Set(identity.conflicts.map((conflict) => conflict.type))],
            severities: [...new Set(identity.conflicts.map((conflict) => conflict.severity))],
            body: stored,
          };
        }),
      ).execute(trx);
      // Last in the transaction: the feed's lock is taken after every row lock.
      await appendGapEvents(trx, 'gap_opened', runId, gapsOpened);
      return opened;
    });
  }

  latestRun(): Promise<ReconciliationRun | null> {
    return guard(async () => {
      const row = await latestReconciliationRunQuery(this.db).executeTakeFirst();
      return row ? toRun(row) : null;
    });
  }

  getRun(id: number): Promise<ReconciliationRun | null> {
    return guard(async () => {
      const row = await getReconciliationRunQuery(this.db, id).executeTakeFirst();
      return row ? toRun(row) : null;
    });
  }

  private async servableRun(runId?: number): Promise<ReconciliationRun | null> {
    const run = runId === undefined ? await this.latestRun() : await this.getRun(runId);
    return run && run.outcome === 'succeeded' ? run : null;
  }

  /** Whether the run's identities are still kept (it is among the newest `keepRuns` successful runs). */
  private async isKept(runId: number): Promise<boolean> {
    const row = await runsSinceQuery(this.db, runId).executeTakeFirstOrThrow();
    return row.runs <= this.options.keepRuns;
  }

  listIdentities(query: IdentityListQuery): Promise<IdentityPage | null> {
    return guard(async () => {
      const run = await this.servableRun(query.runId);
      if (!run) return null;
      const rows = await listIdentitiesQuery(
        this.db,
        run.id,
        query.after ?? null,
        query.limit + 1,
        query.filter ?? {},
      ).execute();
      const more = rows.length > query.limit;
      const page = more ? rows.slice(0, query.limit) : rows;
      // A pruned run has no rows left (its run row stays): say "no such run", never "empty".
      if (page.length === 0 && query.runId !== undefined && !(await this.isKept(run.id)))
        return null;
      return {
        run,
        identities: page.map((row) => row.body),
        nextAfter: more ? page[page.length - 1].position : null,
      };
    });
  }

  async *streamIdentities(
    query: Omit<IdentityListQuery, 'after' | 'limit'>,
  ): AsyncIterable<StoredIdentity> {
    let after: number | null = null;
    for (;;) {
      const page: IdentityPage | null = await this.listIdentities({ ...query, after, limit: 1000 });
      if (!page) return;
      for (const identity of page.identities) yield identity;
      if (page.nextAfter === null) return;
      after = page.nextAfter;
      query = { ...query, runId: page.run.id };
    }
  }

  summary(runId?: number): Promise<StoredSummary | null> {
    return guard(async () => {
      const run = await this.servableRun(runId);
      if (!run) return null;
      const row = await runSummaryQuery(this.db, run.id).executeTakeFirst();
      if (!row) return null;
      const gaps = await oldestOpenGapsQuery().execute(this.db);
      return {
        run,
        summary: row.summary,
        oldestOpenGaps: gaps.rows.map((gap) => {
          const [activeConnection, inactiveConnection] = gap.pair.split('>');
          return {
            activeConnection,
            inactiveConnection,
            identityId: gap.identity_id,
            message: gap.message,
            firstSeenAt: toIso(gap.first_seen_at),
          };
        }),
      };
    });
  }

  history(identityOrUserId: string): Promise<ConflictHistoryEntry[]> {
    return guard(async () => {
      const rows = await conflictHistoryQuery(this.db, identityOrUserId).execute();
      return rows.map((row) => ({
        key: row.conflict_key,
        identityId: row.identity_id,
        type: row.type,
        severity: row.severity,
        message: row.message,
        evidence: row.evidence,
        members: row.members,
        firstSeenAt: toIso(row.first_seen_at),
        lastSeenAt: toIso(row.last_seen_at),
        resolvedAt: toIsoOrNull(row.resolved_at),
      }));
    });
  }
}

/** The conflict type of an offboarding gap: active in one connection, not in another. */
const GAP_TYPE = 'status_mismatch';

interface GapRow {
  conflict_key: string;
  identity_id: string;
  type: string;
  severity: string;
  message: string;
  members: string[];
  connections: string[];
  connection_pairs: string[];
}

/**
 * One feed entry per gap a run opened or resolved, in conflict-key order so
 * the feed reads the same whichever batch found them.
 */
async function appendGapEvents(
  trx: Transaction<DB>,
  kind: 'gap_opened' | 'gap_resolved',
  runId: number,
  gaps: readonly GapRow[],
): Promise<void> {
  const rows: ChangeInsert[] = [...gaps]
    .sort((a, b) =>
      a.conflict_key < b.conflict_key ? -1 : a.conflict_key > b.conflict_key ? 1 : 0,
    )
    .map((gap) => ({
      user_id: null,
      connection: null,
      vendor: null,
      vendor_id: null,
      kind,
      fields: {},
      source: 'reconciliation',
      sync_run_id: null,
      identity_id: gap.identity_id,
      connections: [...gap.connections].sort(),
      details: {
        conflictKey: gap.conflict_key,
        type: gap.type,
        severity: gap.severity,
        message: gap.message,
        members: gap.members,
        connectionPairs: gap.connection_pairs,
        reconciliationRunId: runId,
      },
    }));
  await appendChanges(trx, rows, false);
}

function upsertConflicts(
  trx: Kysely<DB>,
  runId: number,
  rows: ConflictInsert[],
): Promise<{ conflict_key: string; first_seen_at: Date; inserted: boolean }[]> {
  return upsertConflictsQuery(trx, runId, rows).execute();
}
