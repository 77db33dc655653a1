/** How hard the gateway tries before giving up on a vendor, and when it stops trying for a while. */
export interface ResilienceOptions {
  /** Extra attempts for idempotent reads on 5xx, timeouts and connection errors. */
  maxRetries: number;
  /** Backoff before retry n is a random delay in [0, min(maxDelayMs, baseDelayMs * 2^n)] ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A 429 whose Retry-After is at most this is waited out and retried; longer ones are passed on. */
  retryAfterCapMs: number;
  /**
   * Largest vendor answer read (bytes, after decompression); past it the read
   * is aborted and the call fails as `too_large`, so one vendor cannot fill
   * the gateway's memory. Whatever transport the client uses honours it.
   */
  maxResponseBytes: number;
  breaker: {
    /** Share of failed calls in the rolling window that opens the circuit. */
    errorThresholdPercentage: number;
    /** Calls the window must hold before the share is judged. */
    volumeThreshold: number;
    /** How long an open circuit fails fast before one trial call is let through. */
    resetTimeoutMs: number;
    rollingWindowMs: number;
  };
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  maxRetries: 2,
  baseDelayMs: 50,
  maxDelayMs: 1000,
  retryAfterCapMs: 2000,
  maxResponseBytes: 10 * 1024 * 1024,
  breaker: {
    errorThresholdPercentage: 50,
    volumeThreshold: 10,
    resetTimeoutMs: 5000,
    rollingWindowMs: 10_000,
  },
};
