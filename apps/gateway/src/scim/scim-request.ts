import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import '../auth/caller';
import { visibilityOf } from '../auth/visibility';
import { callContextOf } from '../common/call-context.decorator';
import { ScimRequestContext } from './scim-users.service';

/** The connection a SCIM request names, where its resources live, and the origin of its writes. */
function scimRequestContext(request: FastifyRequest): ScimRequestContext {
  const connection = (request.params as Record<string, string>).connection;
  return {
    connection,
    origin: `${request.protocol}://${request.host}`,
    write: {
      channel: 'scim',
      context: callContextOf(request),
      actor: request.caller?.label ?? null,
      visibility: visibilityOf(request),
    },
  };
}

/** Injects the request's ScimRequestContext into a handler. */
export const ForScimRequest = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ScimRequestContext =>
    scimRequestContext(context.switchToHttp().getRequest<FastifyRequest>()),
);
