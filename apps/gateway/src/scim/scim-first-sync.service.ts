import { Inject, Injectable } from '@nestjs/common';
import { DIRECTORY, Directory } from '@userbridge/directory';
import { GatewayConfig } from '../config/gateway-config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { SyncCoordinator } from '../directory/sync-coordinator.service';
import { ScimRetryLaterError } from './scim-error.filter';

const POLL_MS = 200;
const sleep = (ms: number) =>
  new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref());

/**
 * SCIM answers from the directory, so a connection never synced is synced by
 * its first SCIM request, which waits up to SCIM_FIRST_SYNC_WAIT_MS (Entra's
 * Test Connection must be able to succeed on a fresh gateway) and then
 * answers 503 with Retry-After while the run goes on. Concurrent first
 * requests share one wait; a run already going on in another process is
 * waited for through the store.
 */
@Injectable()
export class ScimFirstSync {
  private readonly synced = new Set<string>();
  private readonly waits = new Map<string, Promise<boolean>>();

  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    private readonly coordinator: SyncCoordinator,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async ensure(connection: string): Promise<void> {
    if (this.synced.has(connection)) return;
    let wait = this.waits.get(connection);
    if (!wait) {
      wait = this.waitForSync(connection).finally(() => this.waits.delete(connection));
      this.waits.set(connection, wait);
    }
    if (await wait) {
      this.synced.add(connection);
      return;
    }
    throw new ScimRetryLaterError(
      503,
      `The directory is still reading ${connection} for the first time; retry after the Retry-After seconds`,
      Math.max(1, Math.ceil(this.config.scim.firstSyncWaitMs / 1000)),
    );
  }

  private async hasSynced(connection: string): Promise<boolean> {
    return (await this.directory.syncRuns.lastSuccess())[connection] !== undefined;
  }

  /** True once the connection has a stored sync; false when the wait ran out or the run failed. */
  private async waitForSync(connection: string): Promise<boolean> {
    if (await this.hasSynced(connection)) return true;
    const deadline = Date.now() + this.config.scim.firstSyncWaitMs;
    const [start] = await this.coordinator.start([connection]);
    if (start.done) {
      const run = await Promise.race([start.done, sleep(this.config.scim.firstSyncWaitMs)]);
      return run !== undefined && (await this.hasSynced(connection));
    }
    // Running elsewhere (another process holds the lease): watch the store.
    while (Date.now() < deadline) {
      if (await this.hasSynced(connection)) return true;
      await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
    }
    return this.hasSynced(connection);
  }
}
