import { VendorPath } from './path';

export type VendorCallOutcome =
  | 'ok'
  | 'client_error'
  | 'server_error'
  | 'rate_limited'
  | 'timeout'
  | 'network_error'
  | 'malformed'
  | 'too_large'
  | 'circuit_open';

export interface VendorCallEvent {
  /** The vendor kind. */
  vendor: string;
  /** The connection the call was made for. */
  connection: string;
  method: string;
  /** The path with ids replaced (`users/:id`), safe as a metric label. */
  route: string;
  status: number | null;
  outcome: VendorCallOutcome;
  durationMs: number;
  /** 0 for the first try, 1.. for retries. */
  attempt: number;
  /** The gateway request the call was made for (VendorRequest.context); absent for background work. */
  reqId?: string;
  /**
   * The start of a non-2xx answer's body, already scrubbed of every credential
   * the application holds (`VendorHttpConfig.heldCredentials`), this vendor's
   * and the secrets the request carried. For logs only: vendor text never goes
   * to callers.
   */
  vendorText?: string;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

/** Receives every vendor call attempt (metrics, logs). Must not throw. */
export interface VendorCallObserver {
  onCall(event: VendorCallEvent): void;
  /** `connection`: whose breaker moved (each connection has its own). */
  onBreakerState(connection: string, state: BreakerState): void;
}

export const NOOP_OBSERVER: VendorCallObserver = {
  onCall: () => undefined,
  onBreakerState: () => undefined,
};

/**
 * The metric label of a request path: a `pathOf` path's template; a literal
 * path as written, with any segment that still looks like a value (a digit,
 * or very long) collapsed, should a caller have built one by hand.
 */
export function routeLabel(path: string | VendorPath): string {
  if (path instanceof VendorPath) return path.route;
  return path
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => (/\d/.test(segment) || segment.length > 40 ? ':id' : segment))
    .join('/');
}
