import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DIRECTORY, Directory, logMessageOf } from '@userbridge/directory';
import { GatewayConfig } from '../config/gateway-config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often retention looks for records past their time (and once at boot). */
export const AUDIT_RETENTION_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Prunes audit records older than AUDIT_RETENTION_DAYS from the oldest end,
 * through the one path the table's trigger lets through, leaving a checkpoint
 * the chain verifies from. Without the variable nothing is ever pruned. Any
 * process may run it: the prune takes the chain's lock, so two never overlap.
 */
@Injectable()
export class AuditRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditRetention');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.auditRetentionDays === null) return;
    void this.prune();
    this.timer = setInterval(() => void this.prune(), AUDIT_RETENTION_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; failures are logged and retried at the next pass. */
  prune(now = new Date()): Promise<void> {
    const days = this.config.auditRetentionDays;
    if (days === null || this.running) return this.running ?? Promise.resolve();
    const olderThan = new Date(now.getTime() - days * DAY_MS);
    this.running = this.directory.audit
      .prune(olderThan)
      .then((result) => {
        if (result.pruned > 0)
          this.logger.log(
            `pruned ${result.pruned} audit record(s) older than ${olderThan.toISOString()} (through sequence ${result.prunedThroughSequence})`,
          );
      })
      .catch((error: unknown) =>
        this.logger.warn(`audit retention failed, retried later: ${logMessageOf(error)}`),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
