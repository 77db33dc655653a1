import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { DIRECTORY, Directory, WebhookEndpoint } from '@userbridge/directory';
import { InvalidRequestError } from '@userbridge/errors';
import { VendorRegistry } from '@userbridge/vendor-core';
import type { FastifyRequest } from 'fastify';
import { RequiresScope } from '../auth/auth.decorators';
import { CallerVisibility, Visibility } from '../auth/visibility';
import { ApiErrors, STORE_ERRORS } from '../docs/api-responses';
import {
  CreatedWebhookResponse,
  CreateWebhookDto,
  ListDeliveriesQueryDto,
  ListWebhooksQueryDto,
  QueuedMessageResponse,
  ReplayWebhookDto,
  RotatedSecretResponse,
  UpdateWebhookDto,
  WebhookDeliveriesResponse,
  WebhookEndpointView,
  WebhookListResponse,
  WebhookResponse,
} from './dto/webhooks.dto';
import { TargetGuard, TargetRefusedError } from './ssrf-guard';
import { WebhookNotFoundError } from './webhook-not-found.error';
import { WEBHOOK_GUARD, WEBHOOK_SETTINGS } from './webhook.tokens';
import type { WebhookSettings } from './webhook-settings';
import { newWebhookSecret } from './webhook-signer';
import { WebhookWorker } from './webhook.worker';

const ENDPOINT_ID = /^wh_[A-Za-z0-9]{1,40}$/;
const MESSAGE_ID = /^[1-9][0-9]{0,15}$/;
const ADMIN_ERRORS = [
  'invalid',
  'unauthorized',
  'forbidden',
  'rateLimited',
  ...STORE_ERRORS,
] as const;

const EXAMPLE: WebhookEndpointView = {
  id: 'wh_8Kq2mZ4tPp1xYb7c',
  url: 'https://hooks.example.com/userbridge',
  description: 'HR system: deactivations',
  events: ['user.deactivated', 'identity.gap_opened'],
  connections: null,
  enabled: true,
  disabledReason: null,
  disabledAt: null,
  after: 1842,
  failingSince: null,
  lastSuccessAt: '2026-11-23T10:00:12.004Z',
  previousSecretUntil: null,
  createdAt: '2026-11-23T09:00:00.000Z',
  updatedAt: '2026-11-23T09:00:00.000Z',
};

function view(endpoint: WebhookEndpoint): WebhookEndpointView {
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

const newEndpointId = (): string =>
  `wh_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

@ApiTags('webhooks')
@RequiresScope('admin')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    @Inject(WEBHOOK_GUARD) private readonly guard: TargetGuard,
    private readonly registry: VendorRegistry,
    private readonly worker: WebhookWorker,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Register a webhook endpoint (admin)',
    description:
      'Events of the change feed are POSTed to `url`, signed the Standard Webhooks way with the secret answered ' +
      'here (and only here). A new endpoint starts at the end of the feed: it receives what is recorded from now ' +
      'on (ask for earlier events with `replay`). A connection-limited key’s endpoints receive only events of its ' +
      'connections. A target resolving to a loopback, private, link-local, multicast or reserved address is a 400 ' +
      'naming `url`, unless WEBHOOK_ALLOW_PRIVATE_TARGETS or WEBHOOK_ALLOWED_CIDRS allow it.',
  })
  @ApiCreatedResponse({
    description: 'The endpoint, with its secret',
    type: CreatedWebhookResponse,
    example: { data: { ...EXAMPLE, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } },
  })
  @ApiErrors(
    'invalidWebhookUrl',
    'invalidBody',
    'unauthorized',
    'forbidden',
    'rateLimited',
    ...STORE_ERRORS,
  )
  async create(
    @Body() body: CreateWebhookDto,
    @Req() request: FastifyRequest,
    @CallerVisibility() visibility: Visibility,
  ): Promise<CreatedWebhookResponse> {
    await this.checkUrl(body.url);
    this.checkConnections(body.connections, visibility);
    const secret = newWebhookSecret();
    const endpoint = await this.directory.webhooks.create({
      id: newEndpointId(),
      url: body.url,
      description: body.description ?? null,
      events: body.events ? [...new Set(body.events)] : null,
      connections: body.connections ? [...new Set(body.connections)] : null,
      ownerLabel: request.caller?.label ?? 'open',
      ownerConnections: request.caller?.connections ? [...request.caller.connections] : null,
      secret,
    });
    return { data: { ...view(endpoint), secret } };
  }

  @Get()
  @ApiOperation({
    operationId: 'listWebhooks',
    summary: 'List webhook endpoints (admin; a limited key lists only its own)',
    description: 'List webhook endpoints (admin; a limited key lists only its own)' + '.',
  })
  @ApiOkResponse({
    type: WebhookListResponse,
    description: 'The webhook endpoints the key may see, a page of them',
    example: { data: [EXAMPLE], nextAfter: null },
  })
  @ApiErrors(...ADMIN_ERRORS)
  async list(
    @Query() query: ListWebhooksQueryDto,
    @Req() request: FastifyRequest,
    @CallerVisibility() visibility: Visibility,
  ): Promise<WebhookListResponse> {
    const endpoints = await this.directory.webhooks.list({
      ownerLabel: visibility.limited ? (request.caller?.label ?? 'open') : undefined,
      after: query.after,
      limit: query.limit + 1,
    });
    const page = endpoints.slice(0, query.limit);
    return {
      data: page.map(view),
      nextAfter: endpoints.length > query.limit ? page[page.length - 1].id : null,
    };
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getWebhook',
    summary:
      'A webhook endpoint: its settings, whether it is enabled and why not (never its secret)',
    description:
      'A webhook endpoint: its settings, whether it is enabled and why not (never its secret)' +
      '.',
  })
  @ApiParam({ name: 'id', example: 'wh_8Kq2mZ4tPp1xYb7c' })
  @ApiOkResponse({
    description: 'The endpoint (never its secret)',
    type: WebhookResponse,
    example: { data: EXAMPLE },
  })
  @ApiErrors(...ADMIN_ERRORS, 'webhookNotFound')
  async get(
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @CallerVisibility() visibility: Visibility,
  ): Promise<WebhookResponse> {
    return { data: view(await this.find(id, request, visibility)) };
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateWebhook',
    summary: 'Change a webhook endpoint’s url, events, connections, description or enabled',
    description:
      'Enabling an endpoint (also one disabled by a 410 or by failing) resumes delivery from where it stopped.',
  })
  @ApiParam({ name: 'id', example: 'wh_8Kq2mZ4tPp1xYb7c' })
  @ApiOkResponse({
    description: 'The endpoint as changed',
    type: WebhookResponse,
    example: { data: EXAMPLE },
  })
  @ApiErrors(
    'invalidWebhookUrl',
    'invalidBody',
    'unauthorized',
    'forbidden',
    'rateLimited',
    'webhookNotFound',
    ...STORE_ERRORS,
  )
  async update(
    @Param('id') id: string,
    @Body() body: UpdateWebhookDto,
    @Req() request: FastifyRequest,
    @CallerVisibility() visibility: Visibility,
  ): Promise<WebhookResponse> {
    await this.find(id, request, visibility);
    if (body.url !== undefined) await this.checkUrl(body.url);
    this.checkConnections(body.connections ?? undefined, visibility);
    const updated = await this.directory.webhooks.update(id, {
      url: body.url,
      description: body.description,
      events: body.events === undefined ? undefined : body.events && [...new Set(body.events)],
      connections:
        body.connections === undefined
          ? undefined
          : body.connections && [...new Set(body.connections)],
      enabled: body.enabled,
    });
    if (!updated) throw new WebhookNotFoundError(`Webhook endpoint ${id}`);
    if (updated.enabled) this.worker.kick();
    return { data: view(updated) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook endpoint with its deliveries',
    description: 'Delete a webhook endpoint with its deliveries' + '.',
  })
  @ApiParam({ name: 'id', example: 'wh_8Kq2mZ4tPp1xYb7c' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(...ADMIN_ERRORS, 'webhookNotFound')
  async remove(
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @CallerVisibility() visibility: Visibility,
  ): Promise<void> {
    await this.find(id, request, visibility);
    await this.directory.webhooks.remove(id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary:
      'A new signing secret (shown only here); the old one keeps signing beside it for WEBHOOK_SECRET_OVERLAP',
    description:
      'A new signing secret (shown only here); the old one keeps signing beside it for WEBHOOK_SECRET_OVERLAP' +
      '.',
  })
  @ApiParam({ name: 'id', example: 'wh_8Kq2mZ4tPp1xYb7c' })
  @ApiOkResponse({
    description: 'The new secret, shown only here',
    type: RotatedSecretResponse,
    example: {
      data: {
        secret: 'whsec_3v0kQ1h2Zb9T8c7Xy6W5u4s3r2q1p0oN',
        previousSecretUntil: '2026-11-24T09:00:00.000Z',
      },
    },
  })
  @ApiErrors(...ADMIN_ERRORS, 'webhookNotFound')
  async rotate(
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @CallerVisibility() visibility: Visibility,
  ): Promise<RotatedSecretResponse> {
    await this.find(id, request, visibility);
    const secret = newWebhookSecret();
    const rotated = await this.directory.webhooks.rotateSecret(
      id,
      secret,
      this.settings.secretOverlapMs,
    );
    if (!rotated) throw new WebhookNotFoundError(`Webhook endpoint ${id}`);
    return { data: { secret, previousSecretUntil: rotated.previousSecretUntil as string } };
  }

  @Post(':id/ping')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'pingWebhook',
    summary: 'Queue a `webhook.ping` event to the endpoint',
    description: 'Queue a `webhook.ping` event to the endpoint' + '.',
  })
  @ApiParam({ name: 'id', example: 'wh_8Kq2mZ4tPp1xYb7c' })
  @ApiAcceptedResponse({
    description: 'The ping, queued for delivery',
    type: QueuedMessageResponse,
    example: { data: { messageId: 9001, webhookId: 'msg_8Kq2mZ4tPp1xYb7c_ping_1f2e3d4c' } },
  })
  @ApiErrors(...ADMIN_ERRORS, 'webhookNotFound')
  async ping(
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @CallerVisibility() visibility: Visibility,
  ): Promise<QueuedMessageResponse> {
    const endpoint = await this.find(id, request, visibility);
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

  @Get(':id/deliveries')
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary:
      'Messages to the endpoint, newest first, each with its attempts (time, status, duration, error)',
    description:
      'Messages to the endpoint, newest first, each with its attempts (time, status, duration, error)' +
      '.',
  })
  @ApiParam({ name: 'id', example: 'wh_8Kq2mZ4tPp1xYb7c' })
  @ApiOkResponse({
    description: 'Messages to the endpoint with their attempts, newest first',
    type: WebhookDeliveriesResponse,
    example: {
      data: [
        {
          messageId: 9001,
          webhookId: 'msg_8Kq2mZ4tPp1xYb7c_1842',
          type: 'user.deactivated',
          sequence: 1842,
          status: 'pending',
          attempts: 2,
          nextAttemptAt: '2026-11-23T10:05:12.004Z',
          createdAt: '2026-11-23T10:00:12.000Z',
          finishedAt: null,
          lastError: 'HTTP 503',
          history: [
            {
              at: '2026-11-23T10:00:12.004Z',
              durationMs: 84,
              statusCode: 503,
              outcome: 'failed',
              error: 'HTTP 503',
            },
            {
              at: '2026-11-23T10:00:17.120Z',
              durationMs: 91,
              statusCode: 503,
              outcome: 'failed',
              error: 'HTTP 503',
            },
          ],
        },
      ],
      nextBefore: null,
    },
  })
  @ApiErrors(...ADMIN_ERRORS, 'webhookNotFound')
  async deliveries(
    @Param('id') id: string,
    @Query() query: ListDeliveriesQueryDto,
    @Req() request: FastifyRequest,
    @CallerVisibility() visibility: Visibility,
  ): Promise<WebhookDeliveriesResponse> {
    await this.find(id, request, visibility);
    const messages = await this.directory.webhooks.deliveries(id, {
      before: query.before,
      limit: query.limit + 1,
    });
    const page = messages.slice(0, query.limit);
    return {
      data: page.map((message) => ({
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
      })),
      nextBefore: messages.length > query.limit ? page[page.length - 1].id : null,
    };
  }

  @Post(':id/deliveries/:messageId/redeliver')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'redeliverWebhookMessage',
    summary: 'Send a message again (same webhook-id), e.g. one that failed after its last retry',
    description:
      'Send a message again (same webhook-id), e.g. one that failed after its last retry' + '.',
  })
  @ApiParam({ name: 'id', example: 'wh_8Kq2mZ4tPp1xYb7c' })
  @ApiParam({ name: 'messageId', example: '9001' })
  @ApiAcceptedResponse({
    description: 'The message, queued again under the same webhook-id',
    type: QueuedMessageResponse,
    example: { data: { messageId: 9001, webhookId: 'msg_8Kq2mZ4tPp1xYb7c_1842' } },
  })
  @ApiErrors(...ADMIN_ERRORS, 'webhookNotFound')
  async redeliver(
    @Param('id') id: string,
    @Param('messageId') messageId: string,
    @Req() request: FastifyRequest,
    @CallerVisibility() visibility: Visibility,
  ): Promise<QueuedMessageResponse> {
    await this.find(id, request, visibility);
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

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'replayWebhook',
    summary: 'Resend every event after a change-feed sequence, with the same webhook-ids',
    description:
      'The endpoint’s place in the feed goes back to `after` (never forward): every event after it that the ' +
      'endpoint subscribes to is delivered again, in order, each with the webhook-id it had before.',
  })
  @ApiParam({ name: 'id', example: 'wh_8Kq2mZ4tPp1xYb7c' })
  @ApiAcceptedResponse({
    description: 'The endpoint, its feed cursor moved back to `after`',
    type: WebhookResponse,
    example: { data: { ...EXAMPLE, after: 1800 } },
  })
  @ApiErrors(...ADMIN_ERRORS, 'webhookNotFound')
  async replay(
    @Param('id') id: string,
    @Body() body: ReplayWebhookDto,
    @Req() request: FastifyRequest,
    @CallerVisibility() visibility: Visibility,
  ): Promise<WebhookResponse> {
    await this.find(id, request, visibility);
    if (body.after > (await this.directory.changes.latestSequence()))
      throw new InvalidRequestError(
        `after=${body.after} is beyond the latest change: pass a sequence of this feed (0 starts over)`,
        { problems: [{ field: 'after', message: 'not a sequence of this feed' }] },
      );
    const rewound = await this.directory.webhooks.rewind(id, body.after);
    if (!rewound) throw new WebhookNotFoundError(`Webhook endpoint ${id}`);
    this.worker.kick();
    return { data: view(rewound) };
  }

  /** The endpoint, if the key may see it: a limited key sees only its own; others are a 404 alike. */
  private async find(
    id: string,
    request: FastifyRequest,
    visibility: Visibility,
  ): Promise<WebhookEndpoint> {
    const endpoint = ENDPOINT_ID.test(id) ? await this.directory.webhooks.get(id) : null;
    if (
      endpoint === null ||
      (visibility.limited && endpoint.ownerLabel !== (request.caller?.label ?? 'open'))
    )
      throw new WebhookNotFoundError(`Webhook endpoint ${id}`);
    return endpoint;
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
    visibility: Visibility,
  ): void {
    if (!connections) return;
    for (const name of connections) visibility.require(name);
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
