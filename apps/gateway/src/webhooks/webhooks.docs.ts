import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { ApiDoc } from '../docs/api-doc';
import { ApiErrors, STORE_ERRORS } from '../docs/api-responses';
import {
  CreatedWebhookResponse,
  QueuedMessageResponse,
  RotatedSecretResponse,
  WebhookDeliveriesResponse,
  WebhookEndpointView,
  WebhookListResponse,
  WebhookResponse,
} from './dto/webhooks.dto';

// The OpenAPI prose of /v1/webhooks, one entry per handler of WebhooksController.

const ADMIN_ERRORS = [
  'invalid',
  'unauthorized',
  'forbidden',
  'rateLimited',
  ...STORE_ERRORS,
] as const;

/** What a create or a change can answer besides the endpoint, in this order in the document. */
const WRITE_ERRORS = [
  'invalidWebhookUrl',
  'invalidBody',
  'unauthorized',
  'forbidden',
  'rateLimited',
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

const idParam = (): MethodDecorator => ApiParam({ name: 'id', example: EXAMPLE.id });

/** An operation whose summary says all there is: the description repeats it as a sentence. */
const summaryOnly = (operationId: string, summary: string) =>
  ApiOperation({ operationId, summary, description: `${summary}.` });

export const WebhooksDocs = {
  create: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'createWebhook',
        summary: 'Register a webhook endpoint (admin)',
        description:
          'Events of the change feed are POSTed to `url`, signed the Standard Webhooks way with the secret answered ' +
          'here (and only here). A new endpoint starts at the end of the feed: it receives what is recorded from now ' +
          'on (ask for earlier events with `replay`). A connection-limited key’s endpoints receive only events of its ' +
          'connections. A target resolving to a loopback, private, link-local, multicast or reserved address is a 400 ' +
          'naming `url`, unless WEBHOOK_ALLOW_PRIVATE_TARGETS or WEBHOOK_ALLOWED_CIDRS allow it.',
      }),
      ApiCreatedResponse({
        description: 'The endpoint, with its secret',
        type: CreatedWebhookResponse,
        example: { data: { ...EXAMPLE, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } },
      }),
      ApiErrors(...WRITE_ERRORS, ...STORE_ERRORS),
    ),
  list: (): MethodDecorator =>
    ApiDoc(
      summaryOnly(
        'listWebhooks',
        'List webhook endpoints (admin; a limited key lists only its own)',
      ),
      ApiOkResponse({
        type: WebhookListResponse,
        description: 'The webhook endpoints the key may see, a page of them',
        example: { data: [EXAMPLE], nextCursor: null },
      }),
      ApiErrors(...ADMIN_ERRORS),
    ),
  get: (): MethodDecorator =>
    ApiDoc(
      summaryOnly(
        'getWebhook',
        'A webhook endpoint: its settings, whether it is enabled and why not (never its secret)',
      ),
      idParam(),
      ApiOkResponse({
        description: 'The endpoint (never its secret)',
        type: WebhookResponse,
        example: { data: EXAMPLE },
      }),
      ApiErrors(...ADMIN_ERRORS, 'webhookNotFound'),
    ),
  update: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'updateWebhook',
        summary: 'Change a webhook endpoint’s url, events, connections, description or enabled',
        description:
          'Enabling an endpoint (also one disabled by a 410 or by failing) resumes delivery from where it stopped.',
      }),
      idParam(),
      ApiOkResponse({
        description: 'The endpoint as changed',
        type: WebhookResponse,
        example: { data: EXAMPLE },
      }),
      ApiErrors(...WRITE_ERRORS, 'webhookNotFound', ...STORE_ERRORS),
    ),
  delete: (): MethodDecorator =>
    ApiDoc(
      summaryOnly('deleteWebhook', 'Delete a webhook endpoint with its deliveries'),
      idParam(),
      ApiNoContentResponse({ description: 'Deleted' }),
      ApiErrors(...ADMIN_ERRORS, 'webhookNotFound'),
    ),
  rotateSecret: (): MethodDecorator =>
    ApiDoc(
      summaryOnly(
        'rotateWebhookSecret',
        'A new signing secret (shown only here); the old one keeps signing beside it for WEBHOOK_SECRET_OVERLAP',
      ),
      idParam(),
      ApiOkResponse({
        description: 'The new secret, shown only here',
        type: RotatedSecretResponse,
        example: {
          data: {
            secret: 'whsec_3v0kQ1h2Zb9T8c7Xy6W5u4s3r2q1p0oN',
            previousSecretUntil: '2026-11-24T09:00:00.000Z',
          },
        },
      }),
      ApiErrors(...ADMIN_ERRORS, 'webhookNotFound'),
    ),
  ping: (): MethodDecorator =>
    ApiDoc(
      summaryOnly('pingWebhook', 'Queue a `webhook.ping` event to the endpoint'),
      idParam(),
      ApiAcceptedResponse({
        description: 'The ping, queued for delivery',
        type: QueuedMessageResponse,
        example: { data: { messageId: 9001, webhookId: 'msg_8Kq2mZ4tPp1xYb7c_ping_1f2e3d4c' } },
      }),
      ApiErrors(...ADMIN_ERRORS, 'webhookNotFound'),
    ),
  deliveries: (): MethodDecorator =>
    ApiDoc(
      summaryOnly(
        'listWebhookDeliveries',
        'Messages to the endpoint, newest first, each with its attempts (time, status, duration, error)',
      ),
      idParam(),
      ApiOkResponse({
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
          nextCursor: null,
        },
      }),
      ApiErrors(...ADMIN_ERRORS, 'webhookNotFound'),
    ),
  redeliver: (): MethodDecorator =>
    ApiDoc(
      summaryOnly(
        'redeliverWebhookMessage',
        'Send a message again (same webhook-id), e.g. one that failed after its last retry',
      ),
      idParam(),
      ApiParam({ name: 'messageId', example: '9001' }),
      ApiAcceptedResponse({
        description: 'The message, queued again under the same webhook-id',
        type: QueuedMessageResponse,
        example: { data: { messageId: 9001, webhookId: 'msg_8Kq2mZ4tPp1xYb7c_1842' } },
      }),
      ApiErrors(...ADMIN_ERRORS, 'webhookNotFound'),
    ),
  replay: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'replayWebhook',
        summary: 'Resend every event after a change-feed sequence, with the same webhook-ids',
        description:
          'The endpoint’s place in the feed goes back to `after` (never forward): every event after it that the ' +
          'endpoint subscribes to is delivered again, in order, each with the webhook-id it had before.',
      }),
      idParam(),
      ApiAcceptedResponse({
        description: 'The endpoint, its feed cursor moved back to `after`',
        type: WebhookResponse,
        example: { data: { ...EXAMPLE, after: 1800 } },
      }),
      ApiErrors(...ADMIN_ERRORS, 'webhookNotFound'),
    ),
};
