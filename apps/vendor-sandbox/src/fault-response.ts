import { FastifyReply, FastifyRequest } from 'fastify';
import { Socket } from 'node:net';
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
    case 'malformed':
      return reply
        .code(200)
        .header('content-type', 'application/json; charset=utf-8')
        .send(dialect.malformed());
    case 'wrong_shape':
      return reply.code(200).send(dialect.wrongShape());
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
