import type { FastifyRequest } from 'fastify';
import { ApiKeyEntry } from '../config/api-keys';

declare module 'fastify' {
  interface FastifyRequest {
    /** The key that authenticated this request (set by ApiKeyGuard). */
    caller?: ApiKeyEntry;
  }
}

/** A stable, non-secret name for the caller, to scope per-caller state such as idempotency keys. */
export function callerScope(request: FastifyRequest): string {
  return request.caller ? request.caller.digest.toString('base64url').slice(0, 22) : 'anonymous';
}
