import { FastifyReply } from 'fastify';
import { requestId } from '../dialect';

/** Convirza wraps every answer, errors included, in the same envelope. */
export const envelope = (code: number, message: string, data: unknown) => ({
  code,
  message,
  data,
  request_id: requestId(),
  timestamp: new Date().toISOString(),
});

// Errors carry data: null and a code equal to the HTTP status (docs/vendor-contracts.md).
export const errorBody = (status: number, message: string) => envelope(status, message, null);

export const fail = (reply: FastifyReply, status: number, message: string) =>
  reply.code(status).send(errorBody(status, message));
