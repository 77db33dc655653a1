import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DIRECTORY, Directory, WebhookEndpoint, WebhookMessageView } from '@userbridge/directory';
import { InvalidRequestError } from '@userbridge/errors';
import { VendorRegistry } from '@userbridge/vendor-core';
import {
  CreatedWebhookResponse,
  CreateWebhookDto,
  ListDeliveriesQueryDto,
  ListWebhooksQueryDto,
  QueuedMessageResponse,
  RotatedSecretResponse,
  UpdateWebhookDto,
  WebhookDeliveriesResponse,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookListResponse,
  WebhookResponse,
} from './dto/webhooks.dto';
import { TargetGuard, TargetRefusedError } from './ssrf-guard';
import type { WebhookCaller } from './webhook-caller.decorator';
import { WebhookNotFoundError } from './webhook-not-found.error';
import type { WebhookSettings } from './webhook-settings';
import { newWebhookSecret } from './webhook-signer';
import { WEBHOOK_GUARD, WEBHOOK_SETTINGS } from './webhook.tokens';
import { WEBHOOK_DELIVERIES_CURSOR, WEBHOOKS_CURSOR } from './webhooks.cursor';
import { WebhookWorker } from './webhook.worker';

const ENDPOINT_ID = /^wh_[A-Za-z0-9]{1,40}$/;
const MESSAGE_ID = /^[1-9][0-9]{0,15}$/;

const newEndpointId = (): string =>
  `wh_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

const distinct = <T>(items: readonly T[]): T[] => [...new Set(items)];

/** The same 404 for an endpoint that does not exist and one the key may not see. */
const endpointNotFound = (id: string): WebhookNotFoundError =>
  new WebhookNotFoundError(`Webhook endpoint ${id}`);

/**
 * The webhook endpoints a key manages: every action finds the endpoint as
 * the key may see it first, so a limited key's view of another key's
 * endpoint is a 404 whatever it asks.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    @Inject(WEBHOOK_GUARD) private readonly guard: TargetGuard,
    private readonly registry: VendorRegistry,
    private readonly worker: WebhookWorker,
  ) {}

  async create(body: CreateWebhookDto, caller: WebhookCaller): Promise<CreatedWebhookResponse> {
    await this.checkUrl(body.url);
    this.checkConnections(body.connections, caller);
    const secret = newWebhookSecret();
    const endpoint = await this.directory.webhooks.create({
      id: newEndpointId(),
      url: body.url,
      description: body.description ?? null,
      events: body.events ? distinct(body.events) : null,
      connections: body.connections ? distinct(body.connections) : null,
      ownerLabel: caller.label,
      ownerConnections: caller.connections ? [...caller.connections] : null,
      secret,
    });
    return { data: { ...endpointView(endpoint), secret } };
  }

  /** The cursor is tied to whose endpoints it lists: a limited key's own, or every one. */
  async list(query: ListWebhooksQueryDto, caller: WebhookCaller): Promise<WebhookListResponse> {
    const ownerLabel = caller.visibility.limited ? caller.label : undefined;
    const fingerprint = [ownerLabel ?? null];
    const endpoints = await this.directory.webhooks.list({
      ownerLabel,
      after:
        query.cursor === undefined
          ? undefined
          : WEBHOOKS_CURSOR.decode(query.cursor, fingerprint).after,
      limit: query.limit + 1,
    });
    const page = WEBHOOKS_CURSOR.page(endpoints, query.limit, fingerprint, (last) => ({
      after: last.id,
    }));
    return { data: page.rows.map(endpointView), nextCursor: page.nextCursor };
  }

  async get(id: string, caller: WebhookCaller): Promise<WebhookResponse> {
    return { data: endpointView(await this.find(id, caller)) };
  }

  async update(
    id: string,
    body: UpdateWebhookDto,
    caller: WebhookCaller,
  ): Promise<WebhookResponse> {
    const updated = await this.change(id, caller, async () => {
      if (body.url !== undefined) await this.checkUrl(body.url);
      this.checkConnections(body.connections ?? undefined, caller);
      return this.directory.webhooks.update(id, {
        url: body.url,
        description: body.description,
        events: body.events === undefined ? undefined : body.events && distinct(body.events),
        connections:
          body.connections === undefined
            ? undefined
            : body.connections && distinct(body.connections),
        enabled: body.enabled,
      });
    });
    if (updated.enabled) this.worker.kick();
    return { data: endpointView(updated) };
  }

  async remove(id: string, caller: WebhookCaller): Promise<void> {
    await this.find(id, caller);
    await this.directory.webhooks.remove(id);
  }

  async rotateSecret(id: string, caller: WebhookCaller): Promise<RotatedSecretResponse> {
    const secret = newWebhookSecret();
    const rotated = await this.change(id, caller, () =>
      this.directory.webhooks.rotateSecret(id, secret, this.settings.secretOverlapMs),
    );
    return { data: { secret, previousSecretUntil: rotated.previousSecretUntil as string } };
  }

  async ping(id: string, caller: WebhookCaller): Promise<QueuedMessageResponse> {
    const endpoint = await this.find(id, caller);
    const webhookId = `msg_${endpoint.id.replace(/^wh_/, '')}_ping_${randomBytes(4).toString('hex')}`;
    const body = JSON.stringify({
      type: 'webhook.ping',
      timestamp: new Date().toISOString(),
      data: { endpointId: endpoint.id },
    });
    const messageId = await this.directory.webhooks.enqueue(endpoint.id, {
      webhookId,
      eventType: 'webhook.ping',
      sequence: null,
      body,
    });
    this.worker.kick();
    return { data: { messageId, webhookId } };
  }

  async deliveries(
    id: string,
    query: ListDeliveriesQueryDto,
    caller: WebhookCaller,
  ): Promise<WebhookDeliveriesResponse> {
    await this.find(id, caller);
    const messages = await this.directory.webhooks.deliveries(id, {
      before:
        query.cursor === undefined
          ? undefined
          : WEBHOOK_DELIVERIES_CURSOR.decode(query.cursor, [id]).before,
      limit: query.limit + 1,
    });
    const page = WEBHOOK_DELIVERIES_CURSOR.page(messages, query.limit, [id], (last) => ({
      before: last.id,
    }));
    return { data: page.rows.map(deliveryView), nextCursor: page.nextCursor };
  }

  async redeliver(
    id: string,
    messageId: string,
    caller: WebhookCaller,
  ): Promise<QueuedMessageResponse> {
    await this.find(id, caller);
    if (!MESSAGE_ID.test(messageId))
      throw new InvalidRequestError('messageId must be a message id from the deliveries list', {
        problems: [{ field: 'messageId', message: 'expected a whole number' }],
      });
    const queued = await this.directory.webhooks.redeliver(id, Number(messageId));
    if (!queued) throw new WebhookNotFoundError(`Message ${messageId} of webhook endpoint ${id}`);
    const [message] = await this.directory.webhooks.deliveries(id, {
      before: Number(messageId) + 1,
      limit: 1,
    });
    this.worker.kick();
    return { data: { messageId: Number(messageId), webhookId: message?.webhookId ?? '' } };
  }

  async replay(id: string, after: number, caller: WebhookCaller): Promise<WebhookResponse> {
    const rewound = await this.change(id, caller, async () => {
      if (after > (await this.directory.changes.latestSequence()))
        throw new InvalidRequestError(
          `after=${after} is beyond the latest change: pass a sequence of this feed (0 starts over)`,
          { problems: [{ field: 'after', message: 'not a sequence of this feed' }] },
        );
      return this.directory.webhooks.rewind(id, after);
    });
    this.worker.kick();
    return { data: endpointView(rewound) };
  }

  /** The endpoint, if the key may see it: a limited key sees only its own; others are a 404 alike. */
  private async find(id: string, caller: WebhookCaller): Promise<WebhookEndpoint> {
    const endpoint = ENDPOINT_ID.test(id) ? await this.directory.webhooks.get(id) : null;
    if (endpoint === null || (caller.visibility.limited && endpoint.ownerLabel !== caller.label))
      throw endpointNotFound(id);
    return endpoint;
  }

  /** Changes an endpoint the key may see; one deleted meanwhile (`change` answers null) is the same 404. */
  private async change<T>(
    id: string,
    caller: WebhookCaller,
    change: () => Promise<T | null>,
  ): Promise<T> {
    await this.find(id, caller);
    const changed = await change();
    if (changed === null) throw endpointNotFound(id);
    return changed;
  }

  private async checkUrl(url: string): Promise<void> {
    try {
      await this.guard.check(url);
    } catch (error) {
      if (!(error instanceof TargetRefusedError)) throw error;
      throw new InvalidRequestError('url is not an allowed webhook target', {
        problems: [{ field: 'url', message: error.message }],
      });
    }
  }

  /** Named connections must exist and be visible to the key (a hidden one is a 404, as elsewhere). */
  private checkConnections(
    connections: readonly string[] | undefined,
    caller: WebhookCaller,
  ): void {
    if (!connections) return;
    for (const name of connections) caller.visibility.require(name);
    const known = new Set(this.registry.all().map((adapter) => adapter.name));
    const unknown = connections.filter((name) => !known.has(name));
    if (unknown.length > 0)
      throw new InvalidRequestError(`Unknown connection: ${unknown.join(', ')}`, {
        problems: unknown.map(() => ({
          field: 'connections',
          message: 'not a configured connection',
        })),
      });
  }
}

function endpointView(endpoint: WebhookEndpoint): WebhookEndpointView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    connections: endpoint.connections,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    disabledAt: endpoint.disabledAt,
    after: endpoint.cursor,
    failingSince: endpoint.failingSince,
    lastSuccessAt: endpoint.lastSuccessAt,
    previousSecretUntil: endpoint.previousSecretUntil,
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
  };
}

function deliveryView(message: WebhookMessageView): WebhookDeliveryView {
  return {
    messageId: message.id,
    webhookId: message.webhookId,
    type: message.eventType,
    sequence: message.sequence,
    status: message.status,
    attempts: message.attempts,
    nextAttemptAt: message.nextAttemptAt,
    createdAt: message.createdAt,
    finishedAt: message.finishedAt,
    lastError: message.lastError,
    history: message.history.map((attempt) => ({
      at: attempt.at,
      durationMs: attempt.durationMs,
      statusCode: attempt.statusCode,
      outcome: attempt.outcome,
      error: attempt.error,
    })),
  };
}
