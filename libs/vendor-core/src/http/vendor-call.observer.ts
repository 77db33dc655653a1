export type VendorCallOutcome =
  | 'ok'
  | 'client_error'
  | 'server_error'
  | 'rate_limited'
  | 'timeout'
  | 'network_error'
  | 'malformed'
  | 'circuit_open';

export interface VendorCallEvent {
  vendor: string;
  method: string;
  /** The path with ids replaced (`users/:id`), safe as a metric label. */
  route: string;
  status: number | null;
  outcome: VendorCallOutcome;
  durationMs: number;
  /** 0 for the first try, 1.. for retries. */
  attempt: number;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

/** Receives every vendor call attempt (metrics, logs). Must not throw. */
export interface VendorCallObserver {
  onCall(event: VendorCallEvent): void;
  onBreakerState(vendor: string, state: BreakerState): void;
}

export const NOOP_OBSERVER: VendorCallObserver = {
  onCall: () => undefined,
  onBreakerState: () => undefined,
};

/** `users/12345` -> `users/:id`: any segment holding a digit is an id, never a route. */
export function routeLabel(path: string): string {
  return path
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => (/\d/.test(segment) || segment.length > 40 ? ':id' : segment))
    .join('/');
}
