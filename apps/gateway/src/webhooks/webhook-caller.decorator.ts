import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Visibility, visibilityOf } from '../auth/visibility';

/** Who manages webhook endpoints: a key owns the endpoints it registers, by its label. */
export interface WebhookCaller {
  /** The key's label (`open` on a gateway without keys). */
  label: string;
  /** The connections the key is limited to; null: every one. */
  connections: readonly string[] | null;
  visibility: Visibility;
}

export function webhookCallerOf(request: FastifyRequest): WebhookCaller {
  return {
    label: request.caller?.label ?? 'open',
    connections: request.caller?.connections ?? null,
    visibility: visibilityOf(request),
  };
}

/** Injects the request's WebhookCaller into a handler. */
export const ForWebhookCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): WebhookCaller =>
    webhookCallerOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
