import { randomUUID } from 'node:crypto';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SandboxStore } from './store';
import { SandboxVendor } from './types';

/** What makes each simulated vendor itself: auth, error bodies, broken answers, its routes. */
export interface VendorDialect {
  vendor: SandboxVendor;
  authorized(request: FastifyRequest): boolean;
  /** Sends the vendor's own 401 (with its own headers). */
  unauthorized(reply: FastifyReply): FastifyReply;
  errorBody(status: number, message: string): unknown;
  /** A body sent as JSON that does not parse. */
  malformed(): string;
  /** Valid JSON that is not what the vendor documents. */
  wrongShape(): unknown;
  /** The vendor's list answer holding nobody (what a key that sees no users is answered). */
  emptyList(request: FastifyRequest): unknown;
  routes(app: FastifyInstance, store: SandboxStore): void;
}

export const requestId = (): string => randomUUID();
