/**
 * Idempotency-Key records live in the directory (PostgreSQL), so a replay
 * survives a restart and works across every gateway process sharing the
 * database. The contract is the directory's; the gateway injects it here.
 */
export type {
  ClaimResult,
  IdempotencyRecord,
  IdempotencyStore,
  StoredResponse,
} from '@userbridge/directory';

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
