import type { FastifyInstance } from 'fastify';
import { Logger } from 'pino';
import { GatewayMetrics } from './metrics';

/**
 * One log line and one metric sample per answered request (the line through
 * the `fixed` logger: every field here is one the gateway made). Routes are labelled
 * by their template (`/v1/users/:id`), never by the raw URL, so ids stay out of
 * metric labels; unknown paths share one label.
 */
export function observeRequests(
  fastify: FastifyInstance,
  metrics: GatewayMetrics,
  logger: Logger,
): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const status = reply.statusCode;
    const seconds = reply.elapsedTime / 1000;
    metrics.recordRequest(request.method, route, status, seconds);
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    logger[level](
      {
        reqId: request.id,
        method: request.method,
        route,
        status,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        caller: request.caller?.label,
      },
      `${request.method} ${route} ${status}`,
    );
    done();
  });
}
