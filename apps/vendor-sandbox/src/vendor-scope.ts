import { randomUUID } from 'node:crypto';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FaultBook } from './faults';
import { StatsBook } from './stats';
import { SandboxStore } from './store';
import { SandboxVendor } from './types';

/** What makes each simulated vendor itself: auth, error bodies, the wrong shape, its routes. */
export interface VendorDialect {
  vendor: SandboxVendor;
  authorized(request: FastifyRequest): boolean;
  /** Sends the vendor's own 401. */
  unauthorized(reply: FastifyReply): FastifyReply;
  errorBody(status: number, message: string): unknown;
  wrongShape(): unknown;
  routes(app: FastifyInstance, store: SandboxStore): void;
}

export interface SandboxContext {
  store: SandboxStore;
  faults: FaultBook;
  stats: StatsBook;
  basePath: string;
}

export const requestId = (): string => randomUUID();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Registers one vendor under its base path: every request is counted, then
 * faults and auth are applied before the vendor's own handler; latency is added
 * after the handler ran, so a slow answer still means the write landed.
 */
export function vendorScope(dialect: VendorDialect, context: SandboxContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const { vendor } = dialect;
    app.addHook('onRequest', async (request) => {
      const route = request.routeOptions.url?.slice(context.basePath.length) || '(unknown route)';
      context.stats.count(vendor, `${request.method} ${route}`);
    });

    app.addHook('preHandler', async (request, reply) => {
      const action = context.faults.decide(vendor);
      if (action.kind === 'fail') {
        switch (action.mode) {
          case '401':
            return dialect.unauthorized(reply);
          case '429':
            return reply
              .code(429)
              .header('retry-after', String(action.retryAfterSeconds))
              .send(dialect.errorBody(429, 'Too many requests'));
          case '500':
            return reply.code(500).send(dialect.errorBody(500, 'Internal server error'));
          case 'malformed':
            return reply
              .code(200)
              .header('content-type', 'application/json; charset=utf-8')
              .send('{"code":200,"data":{"users":[{');
          case 'wrong_shape':
            return reply.code(200).send(dialect.wrongShape());
          case 'close':
            reply.hijack();
            request.raw.socket.destroy();
            return reply;
          case 'hang':
            // Never answered: the socket stays open until the client gives up or the sandbox closes.
            reply.hijack();
            return reply;
        }
      }
      if (!dialect.authorized(request)) return dialect.unauthorized(reply);
      return undefined;
    });

    app.addHook('onSend', async (_request, _reply, payload) => {
      const latency = context.faults.latencyOf(vendor);
      if (latency > 0) await sleep(latency);
      return payload;
    });

    app.setErrorHandler((error: { statusCode?: number; message?: string }, _request, reply) => {
      const status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 500
          ? error.statusCode
          : 500;
      const message =
        status === 500
          ? 'Internal server error'
          : `Invalid request: ${error.message ?? 'unreadable body'}`;
      return reply.code(status).send(dialect.errorBody(status, message));
    });
    app.setNotFoundHandler((_request, reply) =>
      reply.code(404).send(dialect.errorBody(404, 'Not found')),
    );

    dialect.routes(app, context.store);
  };
}
