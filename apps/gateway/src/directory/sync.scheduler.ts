import {
  Inject,
  Injectable,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { DIRECTORY, Directory } from '@userbridge/directory';
import { VendorRegistry } from '@userbridge/vendor-core';
import { GatewayConfig } from '../config/gateway-config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { SyncRecorder } from '../observability/sync.recorder';
import { SyncCoordinator } from './sync-coordinator.service';

/** How long shutdown waits for syncs started here before closing the store under them. */
const DRAIN_MS = 5_000;

/**
 * Every SYNC_INTERVAL_SECONDS, a round of syncs of every vendor; at boot, the
 * vendors never synced (or not within one interval). SYNC_INTERVAL_SECONDS=0
 * leaves syncing to POST /v1/sync. Timers are unref'd (they never keep the
 * process alive) and cleared on close.
 */
@Injectable()
export class SyncScheduler
  implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown
{
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private boot: Promise<void> = Promise.resolve();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(DIRECTORY) private readonly directory: Directory,
    private readonly registry: VendorRegistry,
    private readonly coordinator: SyncCoordinator,
    private readonly recorder: SyncRecorder,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.syncIntervalSeconds;
    if (seconds === 0) return;
    this.boot = this.atBoot(seconds * 1000).then(() => this.coordinator.idle());
    this.timer = setInterval(() => void this.round(), seconds * 1000);
    this.timer.unref();
  }

  /**
   * Resolves when the boot round's syncs and their reconciliation have ended
   * (at once when nothing was due or syncing is off); never rejects.
   */
  bootSynced(): Promise<void> {
    return this.boot;
  }

  onModuleDestroy(): void {
    this.closing = true;
    clearInterval(this.timer);
  }

  /** Before the directory closes (on application shutdown), syncs started here may finish. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.coordinator.drain(DRAIN_MS);
  }

  private async atBoot(intervalMs: number): Promise<void> {
    try {
      const lastSuccess = await this.directory.syncRuns.lastSuccess();
      this.recorder.lastSuccesses(lastSuccess);
      const due = this.registry
        .names()
        .filter(
          (vendor) =>
            !lastSuccess[vendor] || Date.parse(lastSuccess[vendor]) < Date.now() - intervalMs,
        );
      if (due.length > 0 && !this.closing) await this.coordinator.start(due);
    } catch (error) {
      this.recorder.failed('boot sync not started', error);
    }
  }

  private async round(): Promise<void> {
    if (this.closing) return;
    try {
      await this.coordinator.start();
    } catch (error) {
      this.recorder.failed('scheduled sync not started', error);
    }
  }
}
