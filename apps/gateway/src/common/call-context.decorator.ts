import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { CallContext } from '@userbridge/vendor-core';
import type { FastifyRequest } from 'fastify';

/** The context vendor calls made for this request carry: its request id, for their log lines. */
export function callContextOf(request: FastifyRequest): CallContext {
  return { reqId: String(request.id) };
}

/** Injects the request's CallContext into a handler, to hand down to the adapters it calls. */
export const ForRequest = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CallContext =>
    callContextOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
