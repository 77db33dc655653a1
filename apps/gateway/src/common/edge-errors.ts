import { InvalidRequestError } from '@userbridge/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { FixedLines } from '../observability/fixed-lines';
import { GatewayMetrics } from '../observability/metrics';
import { recordAnswer, UNMATCHED_ROUTE } from '../observability/request-observer';
import { renderDomainError } from './all-errors.filter';
import { fromFastifyError } from './fastify-errors';
import { HeaderFieldsTooLargeError } from './gateway-errors';

/**
 * Answers given before any route or hook runs, in the documented shape with a
 * request id, a log line and a metric like every other answer: Fastify's
 * router refusals (a bad percent-encoding, an over-long path segment), and
 * requests Node's HTTP parser refuses (headers or query string too large).
 */
export function edgeErrorHandlers(metrics: GatewayMetrics, lines: FixedLines) {
  return {
    frameworkErrors(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
      const started = performance.now();
      const domain =
        fromFastifyError(error) ?? new InvalidRequestError('The request could not be read');
      const rendered = renderDomainError(domain, String(request.id));
      void reply
        .status(rendered.status)
        .headers({ ...rendered.headers, 'x-request-id': String(request.id) })
        .send(rendered.body);
      recordAnswer(metrics, lines, {
        reqId: String(request.id),
        method: request.method,
        route: UNMATCHED_ROUTE,
        status: rendered.status,
        durationMs: performance.now() - started,
      });
    },

    clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
      // A reset or a timed-out socket has no one left to answer.
      if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
      if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
        socket.destroy();
        return;
      }
      const requestId = randomUUID();
      const domain =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? new HeaderFieldsTooLargeError()
          : new InvalidRequestError('The request could not be parsed as HTTP');
      const rendered = renderDomainError(domain, requestId);
      const body = JSON.stringify(rendered.body);
      const head = [
        `HTTP/1.1 ${rendered.status} ${STATUS_CODES[rendered.status] ?? ''}`,
        'content-type: application/json; charset=utf-8',
        `content-length: ${Buffer.byteLength(body)}`,
        `x-request-id: ${requestId}`,
        ...Object.entries(rendered.headers).map(([name, value]) => `${name}: ${value}`),
        'connection: close',
      ];
      socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
      recordAnswer(metrics, lines, {
        reqId: requestId,
        method: 'UNPARSED',
        route: UNMATCHED_ROUTE,
        status: rendered.status,
        durationMs: 0,
      });
    },
  };
}
