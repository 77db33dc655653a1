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
 * Enters the context when a request arrives, and again before its handler:
 * a body is read on the socket's own async context, so work started after
 * body parsing would otherwise run outside it.
 */
export function bindRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    requestContext.run({ reqId: String(request.id) }, done);
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const current = requestContext.getStore();
    if (current?.reqId === request.id) return done();
    requestContext.run({ reqId: String(request.id) }, done);
  });
}
