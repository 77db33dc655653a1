import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ClaimedMessage, Directory, DispatchTarget } from '@userbridge/directory';
import type { GatewayMetrics } from '../observability/metrics';
import { eventBody, eventTypeOf, wants, webhookIdOf } from './webhook-events';
import type { SendResult, WebhookSender } from './webhook.sender';
import type { WebhookSettings } from './webhook-settings';

/** Feed entries read per dispatcher page. */
const DISPATCH_PAGE = 500;
/** Retry-After is honoured up to this long. */
const RETRY_AFTER_CAP_MS = 24 * 3_600_000;
/** How often a process prunes old messages. */
const PRUNE_EVERY_MS = 3_600_000;

/** The delay before the next attempt, or null after the last one: the schedule's, with ±20 % jitter, or Retry-After's when longer. */
export function nextDelay(
  schedule: readonly number[],
  attempt: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number | null {
  if (attempt >= schedule.length) return null;
  const base = schedule[attempt];
  const jittered = Math.round(base * (0.8 + 0.4 * random()));
  return retryAfterMs === null
    ? jittered
    : Math.max(jittered, Math.min(retryAfterMs, RETRY_AFTER_CAP_MS));
}

/**
 * The webhook worker of one gateway process. The dispatcher turns feed
 * entries into messages per enabled endpoint (reading the feed through the
 * directory's change reader, which never passes a change that commits later),
 * moving the endpoint's cursor in the same short transaction; the senders
 * claim due messages with a lease and POST them outside any transaction. Any
 * number of processes run it against one database.
 */
export class WebhookWorker {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  /** A kick that came during a pass: run another at once when it ends. */
  private again = false;
  private stopped = true;
  private ticking: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private lastPrune = 0;
  private readonly leaseMs: number;

  constructor(
    private readonly directory: Directory,
    private readonly sender: WebhookSender,
    private readonly settings: WebhookSettings,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {
    // Longer than an attempt can take, so a live sender never loses its lease mid-send.
    this.leaseMs = settings.timeoutMs * 2 + 5000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops claiming; waits (bounded) for the sends under way to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking?.catch(() => undefined);
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => setTimeout(resolve, this.settings.timeoutMs + 1000).unref()),
    ]);
    await this.sender.close().catch(() => undefined);
  }

  /** Runs a pass soon (after a send ends, a ping, a replay): the next message of an endpoint need not wait a poll. */
  kick(): void {
    if (!this.stopped) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.again = false;
    const pass = this.pass();
    this.ticking = pass;
    try {
      await pass;
    } finally {
      this.running = false;
      this.ticking = null;
      this.schedule(this.again ? 0 : this.settings.pollIntervalMs);
    }
  }

  /** One pass: dispatch, then claim as many due messages as there is room for. */
  async pass(): Promise<void> {
    try {
      await this.dispatch();
      await this.deliver();
      await this.housekeeping();
    } catch (error) {
      this.logger.warn(
        { err: { type: (error as Error)?.name, message: (error as Error)?.message } },
        'webhook worker pass failed; retrying at the next poll',
      );
    }
  }

  /** Turns new feed entries into messages for every enabled endpoint. */
  async dispatch(): Promise<void> {
    for (const target of await this.directory.webhooks.dispatchTargets())
      await this.dispatchOne(target);
  }

  private async dispatchOne(target: DispatchTarget): Promise<void> {
    let cursor = target.cursor;
    for (;;) {
      const page = await this.directory.changes.list({ after: cursor, limit: DISPATCH_PAGE });
      if (page.changes.length === 0) return;
      const messages = page.changes
        .filter((entry) => wants(target, entry))
        .map((entry) => ({
          webhookId: webhookIdOf(target.id, entry.sequence),
          eventType: eventTypeOf(entry),
          sequence: entry.sequence,
          body: eventBody(entry),
        }));
      // Another process dispatched this endpoint first (or it was disabled): leave it to that one.
      if (!(await this.directory.webhooks.advance(target.id, cursor, page.nextAfter, messages)))
        return;
      cursor = page.nextAfter;
      if (page.changes.length < DISPATCH_PAGE) return;
    }
  }

  private async deliver(): Promise<void> {
    const room = this.settings.concurrency - this.inFlight.size;
    if (room <= 0 || this.stopped) return;
    const claimed = await this.directory.webhooks.claim(this.owner, this.leaseMs, room);
    for (const message of claimed) {
      const sending = this.sendOne(message).finally(() => {
        this.inFlight.delete(sending);
        this.kick();
      });
      this.inFlight.add(sending);
    }
  }

  private async sendOne(message: ClaimedMessage): Promise<void> {
    const result = await this.sender.send(message);
    const next = this.nextOf(message, result);
    try {
      await this.directory.webhooks.recordAttempt({
        messageId: message.id,
        endpointId: message.endpointId,
        owner: this.owner,
        durationMs: result.durationMs,
        statusCode: result.statusCode,
        outcome: result.outcome,
        error: result.error,
        next,
        disableAfterMs: this.settings.disableAfterMs,
      });
    } catch (error) {
      // The lease runs out and another pass sends it again: at least once.
      this.logger.warn(
        { webhook: { endpoint: message.endpointId, webhookId: message.webhookId } },
        `webhook attempt not recorded (${(error as Error)?.message}); the message will be sent again`,
      );
    }
    this.metrics.webhookDeliveries.inc({ endpoint: message.endpointId, outcome: result.outcome });
    this.metrics.webhookDeliveryDuration.observe(
      { outcome: result.outcome },
      result.durationMs / 1000,
    );
    const fields = {
      webhook: {
        endpoint: message.endpointId,
        webhookId: message.webhookId,
        type: message.eventType,
        sequence: message.sequence,
        attempt: message.attempt,
        outcome: result.outcome,
        status: result.statusCode,
        durationMs: Math.round(result.durationMs),
        error: result.error,
        next: next.status === 'pending' ? `in ${next.delayMs} ms` : next.status,
      },
    };
    const text = `webhook ${message.eventType} ${message.webhookId} to ${message.endpointId}: ${result.outcome}`;
    if (result.outcome === 'succeeded') this.logger.info(fields, text);
    else this.logger.warn(fields, text);
  }

  private nextOf(
    message: ClaimedMessage,
    result: SendResult,
  ): { status: 'delivered' } | { status: 'pending'; delayMs: number } | { status: 'failed' } {
    if (result.outcome === 'succeeded') return { status: 'delivered' };
    // 410: the endpoint is disabled; the message waits for it to be enabled again.
    if (result.outcome === 'gone') return { status: 'pending', delayMs: 0 };
    const delayMs = nextDelay(this.settings.retryScheduleMs, message.attempt, result.retryAfterMs);
    return delayMs === null ? { status: 'failed' } : { status: 'pending', delayMs };
  }

  private async housekeeping(): Promise<void> {
    const queue = await this.directory.webhooks.queue();
    this.metrics.webhookQueueDepth.reset();
    this.metrics.webhookOldestUndelivered.reset();
    const now = Date.now();
    for (const stats of queue) {
      this.metrics.webhookQueueDepth.set({ endpoint: stats.endpointId }, stats.pending);
      if (stats.oldestPendingAt !== null)
        this.metrics.webhookOldestUndelivered.set(
          { endpoint: stats.endpointId },
          Math.max(0, (now - Date.parse(stats.oldestPendingAt)) / 1000),
        );
    }
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    const pruned = await this.directory.webhooks.prune(
      new Date(now - this.settings.retentionDays * 86_400_000),
    );
    if (pruned > 0) this.logger.info({ webhook: { pruned } }, `webhook messages pruned: ${pruned}`);
  }
}
