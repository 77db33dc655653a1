import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

export interface RequestContext {
  reqId: string;
}

/**
 * The request a piece of work is done for, so lines written deep in a call
 * (a vendor call attempt) carry the caller's request id without every layer
 * passing it along.
 */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/**
 * Enters the context just before the handler, once per request: a body is
 * read on the socket's own async context, so a context entered on arrival
 * would be lost for requests with a body. What runs before (routing, body
 * parsing, the edge answers) logs with the request id it holds itself.
 */
export function bindRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (request, _reply, done) => {
    requestContext.run({ reqId: String(request.id) }, done);
  });
}
