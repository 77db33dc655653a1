import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import '../auth/caller';
import { visibilityOf } from '../auth/visibility';
import { callContextOf } from '../common/call-context.decorator';
import { WriteOrigin } from './write-hooks';

/** A REST request as the origin of a write: its request id and the calling key's label. */
export function restWriteOrigin(request: FastifyRequest): WriteOrigin {
  return {
    channel: 'rest',
    context: callContextOf(request),
    actor: request.caller?.label ?? null,
    visibility: visibilityOf(request),
  };
}

/** Injects the WriteOrigin of a REST request into a handler that writes through the pipeline. */
export const RestWrite = createParamDecorator(
  (_data: unknown, context: ExecutionContext): WriteOrigin =>
    restWriteOrigin(context.switchToHttp().getRequest<FastifyRequest>()),
);
