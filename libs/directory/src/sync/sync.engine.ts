import { Kysely } from 'kysely';
import { DomainError } from '@userbridge/errors';
import { ListPage, VendorAdapter } from '@userbridge/vendor-core';
import type { SyncCounts, SyncObserver, SyncRun, SyncService, SyncStart } from '../directory.port';
import type { DB } from '../db/schema';
import { guard, storeError } from '../db/store-guard';
import { StoreUnavailableError } from '../errors/store-unavailable.error';
import { SyncRunRow, toSyncRun } from '../repositories/rows';
import { applySightings } from '../repositories/sightings';
import {
  claimRunQuery,
  expireLeasesQuery,
  analyzeAfterSyncQuery,
  finishRunQuery,
  lockOwnRunQuery,
  markAbsentDeletedQuery,
  renewLeaseQuery,
  runningForVendorQuery,
} from '../repositories/sync-runs.repository';
import { touchSeenQuery } from '../repositories/sightings';
import { appendChanges } from '../repositories/change-feed';
import { deletionDecision } from './user-diff';

export interface SyncEngineOptions {
  leaseMs: number;
  pageCap: number;
}

/** A page size when the adapter does not say its own. */
const DEFAULT_PAGE_SIZE = 500;
/** A vendor whose paging never ends is a vendor bug, not a reason to loop forever. */
const MAX_PAGES = 1_000_000;
/** Users written per transaction: small vendor pages are gathered to this size. */
const FLUSH_USERS = 1_000;

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
});

/** Waits between attempts to record a run as failed while the database is away (about a minute in all). */
const FAIL_RETRY_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

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

  start(adapter: VendorAdapter, observer?: SyncObserver): Promise<SyncStart> {
    return guard(async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        await expireLeasesQuery(this.db, adapter.name, this.options.leaseMs).execute();
        const claimed = await claimRunQuery(this.db, adapter.name).executeTakeFirst();
        if (claimed) {
          const run = toSyncRun(claimed as SyncRunRow);
          return { run, started: true, done: this.execute(adapter, run, observer) };
        }
        const running = await runningForVendorQuery(this.db, adapter.name).executeTakeFirst();
        // Gone between the two statements: it just finished, so try to claim again.
        if (running) return { run: toSyncRun(running as SyncRunRow), started: false, done: null };
      }
      throw new Error(`could not claim or find a sync run of ${adapter.name}`);
    });
  }

  private pageSize(adapter: VendorAdapter): number {
    const size = adapter.maxPageSize ?? DEFAULT_PAGE_SIZE;
    return Math.max(1, Math.min(size, this.options.pageCap));
  }

  /** Never rejects: every ending, even a lost database, is a finished run. */
  private async execute(
    adapter: VendorAdapter,
    run: SyncRun,
    observer?: SyncObserver,
  ): Promise<SyncRun> {
    const counts = zeroCounts();
    let rejectedWithoutId = 0;
    let finished: SyncRun;
    let buffered: ListPage[] = [];
    try {
      const limit = this.pageSize(adapter);
      const read = (offset: number): Promise<ListPage> => {
        const pending = adapter.list({ offset, limit, filters: {} });
        // Awaited later; until then a rejection must not count as unhandled.
        pending.catch(() => undefined);
        return pending;
      };
      let offset = 0;
      let complete = false;
      let next: Promise<ListPage> | null = read(0);
      let bufferedUsers = 0;
      for (let pages = 0; next !== null && pages < MAX_PAGES; pages++) {
        const page: ListPage = await next;
        next = null;
        if (page.nextOffset !== null) {
          if (page.nextOffset <= offset)
            throw new Error(
              `${adapter.name} paging did not advance (offset ${offset}, next ${page.nextOffset})`,
            );
          offset = page.nextOffset;
          // The next page travels while this one is written: one stream, never idle.
          next = read(offset);
        } else complete = true;
        buffered.push(page);
        bufferedUsers += page.users.length;
        if (bufferedUsers < FLUSH_USERS && next !== null) continue;
        rejectedWithoutId += await this.storePages(adapter.name, run.id, buffered, counts);
        buffered = [];
        bufferedUsers = 0;
        const renewed = await renewLeaseQuery(this.db, run.id, counts).executeTakeFirst();
        if (!renewed) throw new LeaseLostError(run.id);
        observer?.progress?.(toSyncRun(renewed as SyncRunRow));
      }
      finished = await this.finish(adapter.name, run.id, counts, complete, rejectedWithoutId);
      // Statistics only: a failure here leaves the run succeeded and the data as it is.
      await analyzeAfterSyncQuery()
        .execute(this.db)
        .catch(() => undefined);
    } catch (thrown) {
      const error = storeError(thrown);
      // What was read before the failure is still true: keep it (absence is never
      // judged). Not when the database is gone: it would only fail again.
      if (buffered.length > 0 && !(error instanceof StoreUnavailableError))
        await this.storePages(adapter.name, run.id, buffered, counts).catch(() => 0);
      finished = await this.fail(run, counts, error);
    }
    observer?.finished?.(finished);
    return finished;
  }

  /** Pages in one transaction; returns how many rejected records carried no id. */
  private async storePages(
    vendor: string,
    runId: number,
    pages: ListPage[],
    counts: SyncCounts,
  ): Promise<number> {
    const users = pages.flatMap((page) => page.users.map((record) => record.user));
    const rejected = pages.flatMap((page) => page.rejected ?? []);
    const seenIds = rejected
      .filter((record) => record.vendorId !== null)
      .map((record) => `${vendor}:${record.vendorId as string}`);
    const result = await this.db.transaction().execute(async (trx) => {
      // Before the sightings: they end with the change feed's lock, after which no row is locked.
      if (seenIds.length > 0) await touchSeenQuery(trx, seenIds, runId).execute();
      return applySightings(trx, users, {
        source: 'sync',
        runId,
        returnChanges: false,
      });
    });
    counts.usersRead += users.length;
    counts.pages += pages.length;
    counts.rejected += rejected.length;
    counts.created += result.counts.created;
    counts.updated += result.counts.updated;
    counts.deactivated += result.counts.deactivated;
    counts.reactivated += result.counts.reactivated;
    return rejected.length - seenIds.length;
  }

  private async finish(
    vendor: string,
    runId: number,
    counts: SyncCounts,
    complete: boolean,
    rejectedWithoutId: number,
  ): Promise<SyncRun> {
    return this.db.transaction().execute(async (trx) => {
      const own = await lockOwnRunQuery(trx, runId).executeTakeFirst();
      const decision = deletionDecision({
        complete,
        failed: false,
        leaseHeld: own !== undefined,
        rejectedWithoutId,
      });
      if (!own) throw new LeaseLostError(runId);
      if (decision.allowed) {
        const gone = (await markAbsentDeletedQuery(trx, vendor, runId).execute(trx)).rows;
        gone.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        await appendChanges(
          trx,
          gone.map((row) => ({
            user_id: row.id,
            vendor: row.vendor,
            vendor_id: row.vendor_id,
            kind: 'deleted' as const,
            fields: {
              deletedAt: { before: null, after: new Date(row.deleted_at).toISOString() },
            },
            source: 'sync' as const,
            sync_run_id: runId,
          })),
          false,
        );
        counts.deleted = gone.length;
      }
      const row = await finishRunQuery(trx, runId, 'succeeded', counts, {
        deletionSkipped: decision.reason,
      }).executeTakeFirstOrThrow();
      return toSyncRun(row as SyncRunRow);
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
    const delays = [0, ...FAIL_RETRY_MS];
    let waited = 0;
    for (const delay of delays) {
      if (waited + delay > this.options.leaseMs) break;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay).unref());
      waited += delay;
      try {
        const row = await finishRunQuery(this.db, run.id, 'failed', counts, {
          errorCode: code,
          errorMessage: message,
        }).executeTakeFirst();
        if (row) return toSyncRun(row as SyncRunRow);
        break; // no longer ours to finish (its lease was taken over)
      } catch (recordError) {
        if (!(storeError(recordError) instanceof StoreUnavailableError)) break;
      }
    }
    return { ...run, outcome: 'failed', counts: { ...counts }, error: { code, message } };
  }
}
