/** A response the gateway gave, kept to be replayed. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export type IdempotencyRecord =
  | { state: 'in_flight'; fingerprint: string; expiresAt: number }
  | { state: 'completed'; fingerprint: string; expiresAt: number; response: StoredResponse }
  /** The vendor call failed in a way that may have applied it: a retry must look before it writes. */
  | { state: 'unknown'; fingerprint: string; expiresAt: number };

export type ClaimResult =
  | { claimed: true; previous: IdempotencyRecord | null }
  | { claimed: false; current: IdempotencyRecord };

/**
 * Where Idempotency-Key records live. In memory by default; a shared store
 * (Redis, a database) implements the same four operations atomically so that
 * several gateway instances agree.
 */
export interface IdempotencyStore {
  /**
   * Marks the key in flight unless another request holds it now or it has
   * completed. Succeeds over an absent, expired or `unknown` record, returning it.
   */
  claim(key: string, fingerprint: string, ttlMs: number): Promise<ClaimResult>;
  complete(
    key: string,
    fingerprint: string,
    response: StoredResponse,
    ttlMs: number,
  ): Promise<void>;
  markUnknown(key: string, fingerprint: string, ttlMs: number): Promise<void>;
  /** Forgets the key: the write definitely did not happen, so reusing the key is safe. */
  release(key: string): Promise<void>;
}

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
