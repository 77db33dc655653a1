import { Kysely, sql } from 'kysely';
import { DomainError } from '@userbridge/errors';
import { formatGlobalId } from '@userbridge/canonical';
import { ListPage, recordsIn, StreamedPage, VendorAdapter } from '@userbridge/vendor-core';
import type {
  DeletionConfirmation,
  DeletionPolicy,
  SyncCounts,
  SyncObserver,
  SyncRun,
  SyncService,
  SyncStart,
  WithheldOutcome,
} from '../directory.port';
import type { DB } from '../db/schema';
import { guard, recordThroughOutage, storeError } from '../db/store-guard';
import { StoreUnavailableError } from '../errors/store-unavailable.error';
import { toSyncRun } from '../repositories/rows';
import { applySightings, recordSightingsQuery, sightKnownQuery } from '../repositories/sightings';
import {
  absenceCountsQuery,
  absentUsersQuery,
  analyzeAfterSyncQuery,
  claimRunQuery,
  countPendingWithheldQuery,
  expireLeasesQuery,
  finishRunQuery,
  getSyncRunQuery,
  lockOwnRunQuery,
  markDeletedQuery,
  pendingWithheldQuery,
  renewLeaseQuery,
  resolveWithheldQuery,
  runningForVendorQuery,
  withholdAbsentQuery,
} from '../repositories/sync-runs.repository';
import { AbsenceResult, confirmAbsences, guardHolds } from './absence';
import { ListIntegrity } from './list-integrity';
import { PageQueue } from './page-queue';
import { appendChanges, ChangeInsert } from '../repositories/change-feed';
import { appendAudit, syncDeletionRecord } from '../repositories/audit.repository';
import { deletionDecision } from './user-diff';

export interface SyncEngineOptions {
  leaseMs: number;
  pageCap: number;
  deletion: DeletionPolicy;
  /** Pages in flight per connection (default 1), where the vendor's paging allows more than one. */
  pageConcurrency?: (connection: string) => number | undefined;
}

/** The most vendor answers one connection's sync keeps in flight, whatever is configured. */
const MAX_CONCURRENCY = 16;

/** A page as read, with the database's clock just before its request was sent. */
interface ReadPage {
  page: ListPage;
  readAt: string;
  /** Records of the page the store already held as sent (sighted, not mapped). */
  known: number;
  /** Each of `page.users`' item digest, when the adapter handed its items out unmapped. */
  digests: string[] | null;
}

/** A page in the read queue: its records, and the page as the store recognised it (pending). */
interface QueuedPage {
  records: number;
  read: Promise<ReadPage>;
}

/** A page size when the adapter does not say its own. */
const DEFAULT_PAGE_SIZE = 500;
/** A vendor whose paging never ends is a vendor bug, not a reason to loop forever. */
const MAX_PAGES = 1_000_000;
/** Users written per transaction: small vendor pages are gathered to this size. */
const FLUSH_USERS = 1_000;
/** Users read ahead of the writer at most (besides the batch being written and the adapter's own pages in flight). */
const READ_AHEAD_USERS = FLUSH_USERS;

class LeaseLostError extends Error {
  constructor(runId: number) {
    super(`sync run ${runId} lost its lease (another process took the vendor over)`);
  }
}

const zeroCounts = (): SyncCounts => ({
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
});

/**
 * The database's clock now, at full precision (as text, so no client rounds
 * it). Taken just before a page request is sent: a gateway write stamped at
 * or after it may be missing from the page, so the page never overwrites it.
 */
async function databaseNow(db: Kysely<DB>): Promise<string> {
  const result = await sql<{ now: string }>`select clock_timestamp()::text as now`.execute(db);
  return result.rows[0].now;
}

/** The `deleted` changes of users a run (or its confirmation) marked deleted, in id order. */
function deletedChanges(
  rows: { id: string; connection: string; vendor: string; vendor_id: string; deleted_at: Date }[],
  runId: number,
): ChangeInsert[] {
  return [...rows]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((row) => ({
      user_id: row.id,
      connection: row.connection,
      vendor: row.vendor,
      vendor_id: row.vendor_id,
      kind: 'deleted' as const,
      fields: { deletedAt: { before: null, after: new Date(row.deleted_at).toISOString() } },
      source: 'sync' as const,
      sync_run_id: runId,
    }));
}

/**
 * Whether a run wrote enough to move the planner's statistics, by
 * autovacuum's rule of thumb (50 rows and a tenth; here a tenth of what the
 * run read, its connection's users): an analyze reads
 * a sample of every table it names, seconds at 100 000 users, which a run
 * that found its users unchanged need not pay.
 */
function rewroteMuch(counts: SyncCounts): boolean {
  const written =
    counts.created + counts.updated + counts.deactivated + counts.reactivated + counts.deleted;
  return written > 50 + counts.usersRead / 10;
}

function errorOf(error: unknown): { code: string; message: string } {
  // A lost database: the driver's text names the server's address, and the
  // run's error is shown to every read key; the gateway's own words only.
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  if (error instanceof LeaseLostError) return { code: 'lease_lost', message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal_error', message: message.slice(0, 500) };
}

/**
 * Reads every user of one vendor through its adapter and brings the store in
 * line, vendor-agnostic: it knows the VendorAdapter port only.
 */
export class SyncEngine implements SyncService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: SyncEngineOptions,
  ) {}

  start(
    adapter: VendorAdapter,
    observer?: SyncObserver,
    policy?: Partial<DeletionPolicy>,
  ): Promise<SyncStart> {
    const deletion = { ...this.options.deletion, ...policy };
    return guard(async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        // Every connection's stale runs, not only this one's: none should read as running.
        await expireLeasesQuery(this.db, null, this.options.leaseMs).execute();
        const claimed = await claimRunQuery(
          this.db,
          adapter.name,
          adapter.vendor,
        ).executeTakeFirst();
        if (claimed) {
          const run = toSyncRun(claimed);
          return { run, started: true, done: this.execute(adapter, run, deletion, observer) };
        }
        const running = await runningForVendorQuery(this.db, adapter.name).executeTakeFirst();
        // Gone between the two statements: it just finished, so try to claim again.
        if (running) return { run: toSyncRun(running), started: false, done: null };
      }
      throw new Error(`could not claim or find a sync run of ${adapter.name}`);
    });
  }

  /** Vendor answers in flight per connection (bounded; 1 unless the gateway says more). */
  private concurrency(adapter: VendorAdapter): number {
    const wanted = this.options.pageConcurrency?.(adapter.name) ?? 1;
    return Math.max(1, Math.min(MAX_CONCURRENCY, Math.floor(wanted)));
  }

  private pageSize(adapter: VendorAdapter): number {
    const size = adapter.maxPageSize ?? DEFAULT_PAGE_SIZE;
    return Math.max(1, Math.min(size, this.options.pageCap));
  }

  /** Never rejects: every ending, even a lost database, is a finished run. */
  private async execute(
    adapter: VendorAdapter,
    run: SyncRun,
    policy: DeletionPolicy,
    observer?: SyncObserver,
  ): Promise<SyncRun> {
    const counts = zeroCounts();
    const integrity = new ListIntegrity();
    let rejectedWithoutId = 0;
    let finished: SyncRun;
    let buffered: ReadPage[] = [];
    try {
      // One read of the whole connection, the way the vendor answers; each page
      // carries the database's clock read just before its request left.
      const stream = adapter.pages({
        pageSize: this.pageSize(adapter),
        concurrency: this.concurrency(adapter),
        clock: () => databaseNow(this.db),
        sources: true,
      });
      const pages = stream[Symbol.asyncIterator]();
      let complete = false;
      // The vendor is read while the pages before are written, at most
      // READ_AHEAD_USERS ahead; a batch is written once FLUSH_USERS are read.
      // A page is queued while the store still recognises its items: the
      // reader goes on to the next page meanwhile (a vendor of small pages
      // would otherwise wait a statement per page), the writer takes them in order.
      const queue = new PageQueue<QueuedPage>(
        FLUSH_USERS,
        READ_AHEAD_USERS,
        (entry) => entry.records,
      );
      const reading = (async () => {
        try {
          for (let count = 0; !queue.closed; count++) {
            if (count >= MAX_PAGES)
              throw new Error(`${adapter.name} paging did not end within ${MAX_PAGES} pages`);
            const step = await pages.next();
            if (step.done) return;
            const page = step.value;
            // A repeated page ends the read: what follows it cannot be trusted either.
            if (!integrity.observe(page, page.offset)) return;
            if (page.readAt === undefined)
              throw new Error(`${adapter.name} handed out a page without its read time`);
            if (page.nextOffset === null) complete = true;
            const read = this.recognise(adapter.name, run.id, page, page.readAt);
            // Awaited by the writer in order, or dropped with the run: never unhandled.
            read.catch(() => undefined);
            await queue.push({ records: recordsIn(page), read });
            if (complete) return;
          }
        } finally {
          // Ended, stopped or failed: what was read is written before a failure is raised.
          queue.end();
        }
      })();
      reading.catch(() => undefined);
      try {
        for (let batch = await queue.take(); batch.length > 0; batch = await queue.take()) {
          buffered = await Promise.all(batch.map((entry) => entry.read));
          rejectedWithoutId += await this.storePages(adapter.name, run.id, buffered, counts);
          buffered = [];
          observer?.progress?.(await this.renew(run.id, counts));
        }
        await reading;
      } finally {
        // Stops a read left early (a failed write, a lost lease): the page in flight is dropped.
        queue.close();
        await reading.catch(() => undefined);
        await pages.return?.(undefined).catch(() => undefined);
      }
      const incomplete = integrity.verdict();
      finished = incomplete
        ? await this.finishIncomplete(run.id, counts, incomplete)
        : await this.finish(adapter, run.id, counts, complete, rejectedWithoutId, policy);
      // Statistics only: a failure here leaves the run succeeded and the data as it is.
      if (rewroteMuch(counts))
        await analyzeAfterSyncQuery()
          .execute(this.db)
          .catch(() => undefined);
    } catch (thrown) {
      const error = storeError(thrown);
      // What was read before the failure is still true: keep it (absence is never
      // judged). Not when the database is gone: it would only fail again. (Pages
      // read before a read failure were written before it was raised.)
      if (buffered.length > 0 && !(error instanceof StoreUnavailableError))
        await this.storePages(adapter.name, run.id, buffered, counts).catch(() => 0);
      finished = await this.fail(run, counts, error);
    }
    observer?.finished?.(finished);
    return finished;
  }

  /** Progress and lease renewal; a lease gone means another process took the vendor over. */
  private async renew(runId: number, counts: SyncCounts): Promise<SyncRun> {
    const renewed = await renewLeaseQuery(this.db, runId, counts).executeTakeFirst();
    if (!renewed) throw new LeaseLostError(runId);
    return toSyncRun(renewed);
  }

  /**
   * A page handed out unmapped (`sources`): the users the store already holds
   * as the vendor sent them are sighted now (one statement, sightKnownQuery),
   * and only the other items are mapped, on the reading side as any page is.
   * An id the page holds twice is never taken as known: both items are mapped
   * and the batch keeps the later, as for any page.
   */
  private async recognise(
    connection: string,
    runId: number,
    page: StreamedPage,
    readAt: string,
  ): Promise<ReadPage> {
    const { sources } = page;
    if (!sources) return { page, readAt, known: 0, digests: null };
    const ids = sources.keys.map((key) =>
      key.vendorId === null ? null : formatGlobalId(connection, key.vendorId),
    );
    const times = new Map<string, number>();
    for (const id of ids) if (id !== null) times.set(id, (times.get(id) ?? 0) + 1);
    const candidates: { id: string; digest: string }[] = [];
    ids.forEach((id, i) => {
      if (id !== null && times.get(id) === 1)
        candidates.push({ id, digest: sources.keys[i].digest });
    });
    const known = new Set<string>();
    if (candidates.length > 0) {
      const sighted = await sightKnownQuery(
        this.db,
        candidates.map((entry) => entry.id),
        candidates.map((entry) => entry.digest),
        candidates.map(() => readAt),
        runId,
      ).execute(this.db);
      for (const row of sighted.rows) known.add(row.user_id);
    }
    const rest: number[] = [];
    ids.forEach((id, i) => {
      if (id === null || !known.has(id)) rest.push(i);
    });
    const mapped = sources.map(rest);
    return {
      page: { ...page, users: mapped.users, rejected: mapped.rejected, sources: undefined },
      readAt,
      known: known.size,
      digests: mapped.digests,
    };
  }

  /** Pages in one transaction; returns how many rejected records carried no id. */
  private async storePages(
    vendor: string,
    runId: number,
    pages: ReadPage[],
    counts: SyncCounts,
  ): Promise<number> {
    const users = pages.flatMap(({ page }) => page.users.map((record) => record.user));
    const readAts = pages.flatMap(({ page, readAt }) => page.users.map(() => readAt));
    const digests = pages.flatMap(({ page, digests }) => digests ?? page.users.map(() => null));
    const known = pages.reduce((sum, read) => sum + read.known, 0);
    const rejected = pages.flatMap(({ page }) => page.rejected ?? []);
    const seenIds = rejected
      .filter((record) => record.vendorId !== null)
      .map((record) => formatGlobalId(vendor, record.vendorId as string));
    // Pages whose users were all known as sent (sighted while read) leave nothing to write.
    if (users.length > 0 || seenIds.length > 0) {
      const result = await this.db.transaction().execute(async (trx) => {
        // Before the sightings: they end with the change feed's lock, after which no row is locked.
        if (seenIds.length > 0) await recordSightingsQuery(trx, seenIds, runId).execute(trx);
        return applySightings(trx, users, {
          source: 'sync',
          runId,
          returnChanges: false,
          readAts,
          digests,
        });
      });
      counts.created += result.counts.created;
      counts.updated += result.counts.updated;
      counts.deactivated += result.counts.deactivated;
      counts.reactivated += result.counts.reactivated;
      counts.staleSkipped += result.stale;
    }
    // Counted once stored: pages kept after a failed write are stored (and counted) again.
    counts.usersRead += users.length + known;
    counts.pages += pages.length;
    counts.rejected += rejected.length;
    return rejected.length - seenIds.length;
  }

  /** The list contradicted itself: what was read is stored, nobody is called absent. */
  private async finishIncomplete(
    runId: number,
    counts: SyncCounts,
    reason: string,
  ): Promise<SyncRun> {
    const row = await finishRunQuery(this.db, runId, 'incomplete', counts, {
      deletionSkipped: reason,
    }).executeTakeFirst();
    if (!row) throw new LeaseLostError(runId);
    return toSyncRun(row);
  }

  /**
   * The deletion rule (see the README): absences are counted first; past the
   * guard nobody is deleted and every absence is withheld; otherwise up to
   * `confirmMax` absences are each confirmed with a get by id (only a
   * not-found deletes) and the rest are withheld. Deleting, withholding and
   * the run's success are one transaction.
   */
  private async finish(
    adapter: VendorAdapter,
    runId: number,
    counts: SyncCounts,
    complete: boolean,
    rejectedWithoutId: number,
    policy: DeletionPolicy,
  ): Promise<SyncRun> {
    const connection = adapter.name;
    let decision = deletionDecision({
      complete,
      failed: false,
      leaseHeld: true,
      rejectedWithoutId,
    });
    let checked: AbsenceResult[] = [];
    let withhold = false;
    if (decision.allowed) {
      const sizes = (await absenceCountsQuery(this.db, connection, runId).execute(this.db)).rows[0];
      const absent = sizes?.absent ?? 0;
      const stored = sizes?.stored ?? 0;
      if (guardHolds(absent, stored, policy)) {
        withhold = true;
        decision = {
          allowed: false,
          reason: `${absent} of ${stored} stored users were not in the list: more than the deletion guard allows (${policy.guardRatio} of the users and ${policy.guardMin} users); nobody was deleted, the deletions wait for an operator`,
        };
      } else if (absent > 0) {
        const candidates = (
          await absentUsersQuery(this.db, connection, runId, policy.confirmMax).execute(this.db)
        ).rows.map((row) => ({ id: row.id, vendorId: row.vendor_id }));
        checked = await confirmAbsences(adapter, candidates, this.throttledRenew(runId, counts));
        withhold = absent > candidates.length;
      }
    }
    // The run's final counts are the run's only once this transaction commits: a failure
    // in it (a lost session) rolls the deletions back, and the failed run must say so.
    const final = { ...counts };
    const run = await this.db.transaction().execute(async (trx) => {
      const own = await lockOwnRunQuery(trx, runId).executeTakeFirst();
      if (!own) throw new LeaseLostError(runId);
      const gone = checked.filter((result) => result.verdict === 'gone').map((r) => r.id);
      const deleted =
        gone.length === 0
          ? []
          : (await markDeletedQuery(trx, connection, runId, gone, true).execute(trx)).rows;
      final.deleted = deleted.length;
      final.deletionsSkipped = checked.length - gone.length;
      if (withhold) {
        const handled = checked.map((result) => result.id);
        const kept = await withholdAbsentQuery(trx, connection, runId, handled).execute(trx);
        final.deletionsWithheld = Number(kept.numAffectedRows ?? 0);
      }
      // The feed's lock last: every row this transaction locks is locked by now.
      await appendChanges(trx, deletedChanges(deleted, runId), false);
      // The audit chain shares the feed's lock: each deletion's record commits with it.
      await appendAudit(
        trx,
        deleted.map((row) => syncDeletionRecord(row, runId)),
      );
      const row = await finishRunQuery(trx, runId, 'succeeded', final, {
        deletionSkipped: decision.reason ?? this.partialReason(final),
      }).executeTakeFirstOrThrow();
      return toSyncRun(row);
    });
    Object.assign(counts, final);
    return run;
  }

  /** Why some absent users were not deleted by a run that was allowed to delete. */
  private partialReason(counts: SyncCounts): string | null {
    const parts: string[] = [];
    if (counts.deletionsSkipped > 0)
      parts.push(
        `${counts.deletionsSkipped} absent user(s) were kept: a get by id did not answer "not found"`,
      );
    if (counts.deletionsWithheld > 0)
      parts.push(
        `${counts.deletionsWithheld} absent user(s) were beyond the confirmation bound and wait for an operator`,
      );
    return parts.length > 0 ? parts.join('; ') : null;
  }

  /** Renews the lease during long confirmations, at most every tenth of the lease. */
  private throttledRenew(runId: number, counts: SyncCounts): () => Promise<void> {
    let last = Date.now();
    return async () => {
      if (Date.now() - last < this.options.leaseMs / 10) return;
      last = Date.now();
      await this.renew(runId, counts);
    };
  }

  /**
   * An operator's confirmation of a run's withheld deletions: each is asked
   * of the vendor again; only a not-found deletes, a found user is settled as
   * present, a failed get stays pending for a later call.
   */
  confirmDeletions(
    runId: number,
    adapter: VendorAdapter,
    policy?: Partial<DeletionPolicy>,
  ): Promise<DeletionConfirmation | null> {
    const { confirmMax } = { ...this.options.deletion, ...policy };
    return guard(async () => {
      const row = await getSyncRunQuery(this.db, runId).executeTakeFirst();
      if (!row) return null;
      const run = toSyncRun(row);
      if (run.connection !== adapter.name)
        throw new Error(`sync run ${runId} is of ${run.connection}, not ${adapter.name}`);
      const pending = (await pendingWithheldQuery(this.db, runId, confirmMax).execute()).map(
        (entry) => ({ id: entry.user_id, vendorId: entry.vendor_id }),
      );
      const checked = await confirmAbsences(adapter, pending);
      const results = await this.db.transaction().execute(async (trx) => {
        const gone = checked.filter((result) => result.verdict === 'gone').map((r) => r.id);
        const marked =
          gone.length === 0
            ? []
            : (await markDeletedQuery(trx, run.connection, runId, gone, false).execute(trx)).rows;
        const deleted = new Set(marked.map((entry) => entry.id));
        const outcomes = checked.map((result) => {
          const outcome: WithheldOutcome =
            result.verdict === 'present'
              ? 'present'
              : result.verdict === 'unconfirmed'
                ? 'unconfirmed'
                : deleted.has(result.id)
                  ? 'deleted'
                  : 'already_deleted';
          return { userId: result.id, outcome, errorCode: result.errorCode };
        });
        const settled = outcomes.filter((entry) => entry.outcome !== 'unconfirmed');
        if (settled.length > 0)
          await resolveWithheldQuery(
            trx,
            runId,
            settled.map((entry) => entry.userId),
            settled.map((entry) => entry.outcome),
          ).execute(trx);
        // The feed's lock last: every row this transaction locks is locked by now.
        await appendChanges(trx, deletedChanges(marked, runId), false);
        await appendAudit(
          trx,
          marked.map((row) => syncDeletionRecord(row, runId)),
        );
        return outcomes;
      });
      const left = await countPendingWithheldQuery(this.db, runId).executeTakeFirst();
      return { run, results, remaining: left?.pending ?? 0 };
    });
  }

  /**
   * Records the run as failed. While the database is away the record is
   * retried for about a minute (bounded by the lease), so a server that
   * restarts shows the run failed rather than running until its lease
   * expires; past that the lease expires on its own. Nothing was deleted either way.
   */
  private async fail(run: SyncRun, counts: SyncCounts, error: unknown): Promise<SyncRun> {
    const { code, message } = errorOf(error);
    // Undefined: no longer ours to finish (its lease was taken over), or the database stayed away.
    const row = await recordThroughOutage(
      () =>
        finishRunQuery(this.db, run.id, 'failed', counts, {
          errorCode: code,
          errorMessage: message,
        }).executeTakeFirst(),
      this.options.leaseMs,
    );
    if (row) return toSyncRun(row);
    return { ...run, outcome: 'failed', counts: { ...counts }, error: { code, message } };
  }
}
