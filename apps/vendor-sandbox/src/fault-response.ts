import { FastifyReply, FastifyRequest } from 'fastify';
import { Socket } from 'node:net';
import { pipeline, Readable } from 'node:stream';
import { VendorDialect } from './dialect';
import { FaultAction } from './faults';

/**
 * Answers a request the way a failing vendor would. `hang` and `close` take
 * the socket over; a hanging one is remembered so that close() can drop it.
 */
export function sendFault(
  action: Extract<FaultAction, { kind: 'fail' }>,
  dialect: VendorDialect,
  request: FastifyRequest,
  reply: FastifyReply,
  held: Set<Socket>,
): FastifyReply {
  switch (action.mode) {
    case '401':
      return dialect.unauthorized(reply);
    case '403':
      // Credira's Get User page documents this refusal of one user; the others answer it in their shape.
      return reply
        .code(403)
        .send(dialect.errorBody(403, "You don't have permission to access this user"));
    case '429':
      return reply
        .code(429)
        .header('retry-after', String(action.retryAfterSeconds))
        .send(dialect.errorBody(429, 'Too many requests'));
    case '500':
      return reply.code(500).send(dialect.errorBody(500, 'Internal server error'));
    case 'html_500':
      return reply
        .code(500)
        .header('content-type', 'text/html; charset=utf-8')
        .send(echoingErrorPage(request));
    case 'huge': {
      // Written to the socket directly: a reader that gives up mid-body is the
      // point of this fault, and must end the stream, not raise a server error.
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      pipeline(hugeJson(action.bodyBytes), reply.raw, () => undefined);
      return reply;
    }
    case 'malformed':
      return reply
        .code(200)
        .header('content-type', 'application/json; charset=utf-8')
        .send(dialect.malformed());
    case 'wrong_shape':
      return reply.code(200).send(dialect.wrongShape());
    case 'empty_list':
      return reply.code(200).send(dialect.emptyList(request));
    case 'first_page':
    case 'truncated':
      // Handled around routing (paging rewritten before it, the answer cut after it).
      return reply;
    case 'close':
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    case 'hang': {
      reply.hijack();
      const socket = request.raw.socket;
      held.add(socket);
      socket.once('close', () => held.delete(socket));
      return reply;
    }
  }
}

/**
 * The error page of a misconfigured proxy in front of a vendor: it echoes the
 * request headers (our credentials with them) and names an internal host.
 */
function echoingErrorPage(request: FastifyRequest): string {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `${name}: ${String(value)}`)
    .join('\n');
  return (
    '<html><head><title>500 Internal Server Error</title></head><body>' +
    '<h1>Internal Server Error</h1><p>upstream db-internal-7.corp.local:5432 refused the query</p>' +
    `<pre>${request.method} ${request.url}\n${headers}</pre></body></html>`
  );
}

/** A 200 JSON answer of `bytes` bytes, streamed chunk by chunk (no Content-Length), never held whole. */
function hugeJson(bytes: number): Readable {
  const chunk = Buffer.from(`"${'x'.repeat(64 * 1024 - 3)}",`);
  let sent = 0;
  return new Readable({
    read() {
      if (sent === 0) {
        sent += 9;
        this.push('{"data":[');
      } else if (sent + chunk.length < bytes) {
        sent += chunk.length;
        this.push(chunk);
      } else {
        this.push('"end"]}');
        this.push(null);
      }
    },
  });
}
