import { Inject, Injectable } from '@nestjs/common';
import { DeletionConfirmation, DIRECTORY, Directory, SyncStart } from '@userbridge/directory';
import { InvalidRequestError } from '@userbridge/errors';
import { VendorRegistry } from '@userbridge/vendor-core';
import { Visibility } from '../auth/visibility';
import { GatewayConfig } from '../config/gateway-config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { SyncRecorder } from '../observability/sync.recorder';
import { SyncRunNotFoundError } from './sync-run-not-found.error';

/**
 * Starts rounds of syncs and reconciles the stored users once the runs a round
 * started here have ended. Whether a vendor's run may start is the store's
 * decision (a lease in PostgreSQL), so two processes never sync one vendor at
 * once; this class only keeps track of what it started, to reconcile after it
 * and to let shutdown wait for it.
 */
@Injectable()
export class SyncCoordinator {
  private readonly pending = new Set<Promise<unknown>>();
  /** Reconciliations run one after another in this process. */
  private reconciling: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    private readonly registry: VendorRegistry,
    private readonly recorder: SyncRecorder,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * Starts a run of each named connection (default: every configured one) unless
   * one is running already anywhere, in which case that run is answered.
   */
  async start(connections?: readonly string[]): Promise<SyncStart[]> {
    const adapters = connections
      ? connections.map((name) => this.registry.get(name))
      : this.registry.all();
    const starts = await Promise.all(
      adapters.map((adapter) =>
        this.directory.sync.start(adapter, this.recorder, this.config.syncDeletion),
      ),
    );
    const runs = starts.flatMap((start) => (start.done ? [start.done] : []));
    if (runs.length > 0) this.track(Promise.all(runs).then(() => this.reconcile()));
    return starts;
  }

  /**
   * An operator's confirmation of the deletions run `runId` withheld: each is
   * asked of the connection again (at most SYNC_DELETE_CONFIRM_MAX per call).
   * A run of a connection the key may not see does not exist for it.
   */
  async confirmDeletions(
    runId: number,
    visibility: Visibility = Visibility.ALL,
  ): Promise<DeletionConfirmation> {
    const run = await this.directory.syncRuns.get(runId);
    if (!run || !visibility.canSee(run.connection)) throw new SyncRunNotFoundError(runId);
    if (!this.registry.has(run.connection))
      throw new InvalidRequestError(
        `sync run ${runId} is of ${run.connection}, which is not configured any more: its deletions cannot be confirmed`,
      );
    const confirmation = await this.directory.sync.confirmDeletions(
      runId,
      this.registry.get(run.connection),
      this.config.syncDeletion,
    );
    if (!confirmation) throw new SyncRunNotFoundError(runId);
    return confirmation;
  }

  /** Reconciles every configured connection's stored users and stores the run; never throws. */
  reconcile(): Promise<unknown> {
    const next = this.reconciling.then(async () => {
      try {
        this.recorder.reconciled(await this.directory.reconciliation.run(this.registry.all()));
      } catch (error) {
        this.recorder.failed('reconciliation failed', error);
      }
    });
    this.reconciling = next;
    return next;
  }

  /** Waits up to `ms` for the rounds started here (and their reconciliation) to end. */
  async drain(ms: number): Promise<void> {
    if (this.pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    });
    await Promise.race([Promise.allSettled([...this.pending]), deadline]);
    clearTimeout(timer);
  }

  /** Resolves once every round started here (and its reconciliation) has ended. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}
