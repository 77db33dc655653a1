/**
 * The gateway's Idempotency-Key contract, owned here now that the directory
 * keeps the records (libs never import apps, so the gateway imports this).
 */

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

/** The four operations, each atomic across every process sharing the database. */
export interface IdempotencyStore {
  /**
   * Marks the key in flight unless another request holds it now or it has
   * completed. Succeeds over an absent, expired or `unknown` record with the
   * same fingerprint, returning it.
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
