import type { FastifyInstance } from 'fastify';
import { FixedLines, numberField, stringField } from './fixed-lines';
import { GatewayMetrics } from './metrics';

/** The route label of requests no route matched: one label, whatever the path. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface AnsweredRequest {
  reqId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  caller?: string;
}

/**
 * One log line and one metric sample for an answer, whichever layer gave it.
 * The line is a fixed one: every field is one the gateway made or checked (a
 * request id of a safe shape, a method Node's parser knows, a route template,
 * a status, a key's label).
 */
export function recordAnswer(
  metrics: GatewayMetrics,
  lines: FixedLines,
  answer: AnsweredRequest,
): void {
  metrics.recordRequest(answer.method, answer.route, answer.status, answer.durationMs / 1000);
  const level = answer.status >= 500 ? 'error' : answer.status >= 400 ? 'warn' : 'info';
  if (!lines.isLevelEnabled(level)) return;
  lines.write(
    level,
    stringField('reqId', answer.reqId) +
      stringField('method', answer.method) +
      stringField('route', answer.route) +
      numberField('status', answer.status) +
      numberField('durationMs', Math.round(answer.durationMs * 10) / 10) +
      stringField('caller', answer.caller),
    `${answer.method} ${answer.route} ${answer.status}`,
  );
}

/**
 * One log line and one metric sample per answered request. Routes are labelled
 * by their template (`/v1/users/:id`), never by the raw URL, so ids stay out of
 * metric labels; unknown paths share one label.
 */
export function observeRequests(
  fastify: FastifyInstance,
  metrics: GatewayMetrics,
  lines: FixedLines,
): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    recordAnswer(metrics, lines, {
      reqId: request.id,
      method: request.method,
      route: request.routeOptions?.url ?? UNMATCHED_ROUTE,
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
      caller: request.caller?.label,
    });
    done();
  });
}
