import {
  Inject,
  Injectable,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:net';
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
 * process alive) and cleared on close. Nothing starts before the HTTP server
 * listens: a gateway that cannot take its port exits without having called a
 * vendor or written the store.
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
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.syncIntervalSeconds;
    if (seconds === 0) return;
    const server = this.adapterHost?.httpAdapter?.getHttpServer() as Server | undefined;
    if (server && !server.listening)
      this.boot = new Promise((resolve) =>
        server.once('listening', () => resolve(this.schedule(seconds))),
      );
    else this.boot = this.schedule(seconds);
  }

  /** The boot round now, then a round every interval; resolves when the boot round has ended. */
  private schedule(seconds: number): Promise<void> {
    if (this.closing) return Promise.resolve();
    this.timer = setInterval(() => void this.round(), seconds * 1000);
    this.timer.unref();
    return this.atBoot(seconds * 1000).then(() => this.coordinator.idle());
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
