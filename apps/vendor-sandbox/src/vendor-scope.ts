import { FastifyInstance, FastifyRequest } from 'fastify';
import { Socket } from 'node:net';
import { VendorDialect } from './dialect';
import { sendFault } from './fault-response';
import { FaultBook } from './faults';
import { StatsBook } from './stats';
import { SandboxStore } from './store';

export interface SandboxContext {
  store: SandboxStore;
  faults: FaultBook;
  stats: StatsBook;
  basePath: string;
  /** Sockets a `hang` fault holds open, destroyed on close. */
  held: Set<Socket>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rewrites a list request's paging to its first page (Credira's `page`, Convirza's `offset`). */
function firstPage(request: FastifyRequest): void {
  const query = request.query as Record<string, string | undefined>;
  if (query.page !== undefined) query.page = '1';
  if (query.offset !== undefined) query.offset = '0';
}

/** Every vendor here lists its users at `GET /users`. */
const isListRequest = (method: string, route: string): boolean =>
  method === 'GET' && route === '/users';

/**
 * Registers one vendor under its base path. Every request is counted; faults
 * and then auth are decided in onRequest, before the body is even parsed, as a
 * real gateway in front of the vendor would; latency is added once the answer
 * is ready, so a slow answer to a write still means the write landed.
 */
export function vendorScope(dialect: VendorDialect, context: SandboxContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const { vendor } = dialect;
    /** List requests whose 200 answer a `truncated` fault cuts to its first half. */
    const cutShort = new WeakSet<FastifyRequest>();
    app.addHook('onRequest', async (request, reply) => {
      const route = request.routeOptions.url?.slice(context.basePath.length) || '(unknown route)';
      context.stats.count(vendor, `${request.method} ${route}`);
      const action = context.faults.decide(
        vendor,
        request.method,
        isListRequest(request.method, route),
      );
      // A cache or proxy that ignores the paging: the first page, whatever page was asked.
      if (action.kind === 'fail' && action.mode === 'first_page') firstPage(request);
      // A connection lost mid-answer behind a proxy that still ended the body: cut in onSend.
      else if (action.kind === 'fail' && action.mode === 'truncated') cutShort.add(request);
      else if (action.kind === 'fail')
        return sendFault(action, dialect, request, reply, context.held);
      if (!dialect.authorized(request)) return dialect.unauthorized(reply);
      return undefined;
    });

    app.addHook('onSend', async (request, reply, payload) => {
      // The page is made by now: a removal waiting for this answer happens before the next one.
      const route = request.routeOptions.url?.slice(context.basePath.length) ?? '';
      if (isListRequest(request.method, route) && reply.statusCode === 200)
        context.store.listAnswered(vendor);
      const latency = context.faults.latencyOf(vendor);
      if (latency > 0) await sleep(latency);
      if (cutShort.has(request) && typeof payload === 'string')
        return payload.slice(0, Math.floor(payload.length / 2));
      return payload;
    });

    // Unreadable or non-JSON bodies end here: the vendor's own 400, never a crash.
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
