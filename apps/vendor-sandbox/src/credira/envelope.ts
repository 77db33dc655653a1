import { FastifyReply } from 'fastify';
import { requestId } from '../dialect';

const CODES: Record<number, string> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'INVALID_REQUEST',
  415: 'INVALID_REQUEST',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
};

export const meta = (extra: Record<string, unknown> = {}) => ({
  ...extra,
  timestamp: new Date().toISOString(),
  request_id: `req_${requestId().replace(/-/g, '').slice(0, 12)}`,
});

export const ok = (data: unknown, extra: Record<string, unknown> = {}) => ({
  success: true,
  data,
  meta: meta(extra),
});

export const errorBody = (status: number, message: string) => ({
  success: false,
  error: { code: CODES[status] ?? 'INTERNAL_ERROR', message },
  meta: meta(),
});

export const fail = (reply: FastifyReply, status: number, message: string) =>
  reply.code(status).send(errorBody(status, message));
