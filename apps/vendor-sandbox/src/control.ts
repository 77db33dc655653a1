import { FastifyInstance } from 'fastify';
import { faultProblem, FaultBook } from './faults';
import { StatsBook } from './stats';
import {
  FaultSettings,
  isSandboxVendor as isVendor,
  SANDBOX_VENDORS,
  SandboxVendor,
} from './types';

/** The control API tests and benchmarks use: no auth (the sandbox listens on loopback by default). */
export function controlRoutes(
  faults: FaultBook,
  stats: StatsBook,
  reset: () => void,
  addOddRecord: (vendor: SandboxVendor, record: unknown) => void,
  churn: (every: number) => Record<string, number>,
  removeAfterLists: (vendor: SandboxVendor, id: string, lists: number) => void,
) {
  return async (app: FastifyInstance): Promise<void> => {
    const unknownVendor = (vendor: string) => ({
      error: `unknown vendor "${vendor}": expected one of ${SANDBOX_VENDORS.join(', ')}`,
    });
    app.setErrorHandler((error: { statusCode?: number; message?: string }, _request, reply) =>
      reply
        .code(error.statusCode && error.statusCode < 500 ? error.statusCode : 500)
        .send({ error: error.message ?? 'error' }),
    );

    app.get('/health', async () => ({ status: 'ok' }));
    app.get('/faults', async () => faults.all());
    app.put<{ Params: { vendor: string } }>('/faults/:vendor', async (request, reply) => {
      const { vendor } = request.params;
      if (!isVendor(vendor)) return reply.code(400).send(unknownVendor(vendor));
      const problem = faultProblem(request.body);
      if (problem) return reply.code(400).send({ error: problem });
      faults.set(vendor, request.body as FaultSettings);
      return faults.all()[vendor];
    });
    app.delete('/faults', async (_request, reply) => {
      faults.clear();
      return reply.code(204).send();
    });
    app.delete<{ Params: { vendor: string } }>('/faults/:vendor', async (request, reply) => {
      if (!isVendor(request.params.vendor))
        return reply.code(400).send(unknownVendor(request.params.vendor));
      faults.clear(request.params.vendor);
      return reply.code(204).send();
    });
    // A raw record the vendor's list answers from now on (until reset): an odd id or shape.
    app.post<{ Params: { vendor: string } }>('/odd-records/:vendor', async (request, reply) => {
      const { vendor } = request.params;
      if (!isVendor(vendor)) return reply.code(400).send(unknownVendor(vendor));
      addOddRecord(vendor, request.body ?? null);
      return reply.code(204).send();
    });
    app.get('/stats', async () => stats.snapshot());
    app.delete('/stats', async (_request, reply) => {
      stats.reset();
      return reply.code(204).send();
    });
    app.post<{ Body: { every?: unknown } }>('/churn', async (request, reply) => {
      const every = request.body?.every;
      if (typeof every !== 'number' || !Number.isInteger(every) || every < 1)
        return reply.code(400).send({ error: 'body must be {"every": N}, N a whole number ≥ 1' });
      return churn(every);
    });
    // A user removed between two list answers: `lists` more answers, then gone (as purged at the vendor).
    app.post<{ Params: { vendor: string }; Body: { id?: unknown; lists?: unknown } }>(
      '/removals/:vendor',
      async (request, reply) => {
        const { vendor } = request.params;
        if (!isVendor(vendor)) return reply.code(400).send(unknownVendor(vendor));
        const { id, lists } = request.body ?? {};
        if (typeof id !== 'string' || typeof lists !== 'number')
          return reply.code(400).send({
            error: 'body must be {"id": "<vendor id>", "lists": N}, N a whole number ≥ 0',
          });
        try {
          removeAfterLists(vendor, id, lists);
        } catch (error) {
          return reply.code(400).send({ error: (error as Error).message });
        }
        return reply.code(204).send();
      },
    );
    app.post('/reset', async (_request, reply) => {
      reset();
      return reply.code(204).send();
    });
  };
}
