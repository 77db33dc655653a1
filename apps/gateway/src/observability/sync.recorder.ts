import {
  logMessageOf,
  type ReconciliationRun,
  type SyncObserver,
  type SyncRun,
} from '@userbridge/directory';
import { Logger } from 'pino';
import { GatewayMetrics } from './metrics';

/**
 * Turns sync progress into metrics and log lines, and is the one writer of
 * the sync's lines (`context: "Sync"`): the runs' progress and ends, the
 * reconciliations, and the rounds that could not start. The directory reports
 * a run's cumulative counts after every page; counters take the difference
 * since the last report of that run.
 */
export class SyncRecorder implements SyncObserver {
  private readonly seen = new Map<number, { usersRead: number; pages: number }>();

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {}

  progress(run: SyncRun): void {
    const before = this.seen.get(run.id) ?? { usersRead: 0, pages: 0 };
    const labels = this.metrics.labels(run.connection);
    this.metrics.syncUsersRead.inc(labels, Math.max(0, run.counts.usersRead - before.usersRead));
    this.metrics.syncPages.inc(labels, Math.max(0, run.counts.pages - before.pages));
    this.seen.set(run.id, { usersRead: run.counts.usersRead, pages: run.counts.pages });
    this.logger.debug(
      { sync: { runId: run.id, connection: run.connection, vendor: run.vendor, ...run.counts } },
      `sync ${run.connection} #${run.id}: ${run.counts.usersRead} users, ${run.counts.pages} pages`,
    );
  }

  finished(run: SyncRun): void {
    this.progress(run);
    this.seen.delete(run.id);
    const seconds =
      run.finishedAt === null ? 0 : (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
    const labels = { ...this.metrics.labels(run.connection), outcome: run.outcome };
    this.metrics.syncRuns.inc(labels);
    this.metrics.syncDuration.observe(labels, seconds);
    // An incomplete run stored everything it read: the connection counts as synced (as in lastSuccess()).
    if ((run.outcome === 'succeeded' || run.outcome === 'incomplete') && run.finishedAt !== null)
      this.metrics.syncLastSuccess.set(
        this.metrics.labels(run.connection),
        Date.parse(run.finishedAt) / 1000,
      );
    const withheld = run.counts.deletionsWithheld;
    if (withheld > 0)
      this.metrics.syncDeletionsWithheld.inc(this.metrics.labels(run.connection), withheld);
    const fields = {
      sync: {
        runId: run.id,
        connection: run.connection,
        vendor: run.vendor,
        outcome: run.outcome,
        durationMs: Math.round(seconds * 1000),
        ...run.counts,
        deletionSkipped: run.deletionSkipped,
        error: run.error,
      },
    };
    let message = `sync ${run.connection} #${run.id} ${run.outcome}: ${run.counts.usersRead} users, ${run.counts.pages} pages in ${seconds.toFixed(1)} s`;
    if (withheld > 0)
      message += `; ${withheld} deletions withheld for an operator (POST /v1/sync/runs/${run.id}/confirm-deletions): ${run.deletionSkipped ?? ''}`;
    if (run.outcome === 'succeeded' && withheld === 0) this.logger.info(fields, message);
    else this.logger.warn(fields, message);
  }

  /** What could not be done (a round not started, a reconciliation that failed), and why. */
  failed(what: string, error: unknown): void {
    this.logger.warn(`${what}: ${logMessageOf(error)}`);
  }

  /** Last successes known to the store (other processes' runs included), e.g. at boot. */
  lastSuccesses(byVendor: Record<string, string>): void {
    for (const [connection, at] of Object.entries(byVendor))
      this.metrics.syncLastSuccess.set(this.metrics.labels(connection), Date.parse(at) / 1000);
  }

  reconciled(run: ReconciliationRun): void {
    const seconds =
      run.finishedAt === null ? 0 : (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
    this.metrics.reconciliationDuration.observe({ outcome: run.outcome }, seconds);
    const fields = { reconciliation: { runId: run.id, outcome: run.outcome, ...run.totals } };
    const message = `reconciliation #${run.id} ${run.outcome}: ${run.totals.identities} identities, ${run.totals.openConflicts} open conflicts (${run.totals.opened} new, ${run.totals.resolved} resolved)`;
    if (run.outcome === 'succeeded') this.logger.info(fields, message);
    else this.logger.warn({ ...fields, error: run.error }, message);
  }
}
