import { BreakerState, VendorCallEvent, VendorCallObserver } from '@userbridge/vendor-core';
import { jsonString, numberField, stringField } from './fixed-lines';
import { GatewayLoggers } from './logger';
import { GatewayMetrics } from './metrics';

/** Distinct vendor routes kept as labels per connection; any more share one, so series stay bounded. */
export const MAX_VENDOR_ROUTES = 32;
export const OTHER_ROUTE = 'other';

/**
 * Turns every vendor call attempt into metrics and one log line. Log lines
 * carry the request id of the caller whose request made the call (handed down
 * with the call as its CallContext), and go through the `fixed` logger: every
 * field is a vendor name, a route template, a status, an outcome or a number,
 * except the vendor's own error text, which the HTTP client has already
 * scrubbed of every credential the gateway holds (VendorCallEvent.vendorText).
 */
export class VendorCallRecorder implements VendorCallObserver {
  private readonly routes = new Map<string, Set<string>>();

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly loggers: GatewayLoggers,
  ) {}

  onCall(event: VendorCallEvent): void {
    const route = this.routeLabel(event.connection, event.route);
    this.metrics.recordVendorCall(
      event.vendor,
      event.connection,
      event.method,
      route,
      event.outcome,
      event.durationMs / 1000,
    );
    const level = event.outcome === 'ok' || event.outcome === 'client_error' ? 'info' : 'warn';
    const { fixed } = this.loggers;
    if (!fixed.isLevelEnabled(level)) return;
    fixed.write(
      level,
      stringField('reqId', event.reqId) +
        `,"vendorCall":{"vendor":${jsonString(event.vendor)}` +
        stringField('connection', event.connection) +
        stringField('method', event.method) +
        stringField('route', event.route) +
        numberField('status', event.status) +
        stringField('outcome', event.outcome) +
        numberField('durationMs', Math.round(event.durationMs * 10) / 10) +
        numberField('attempt', event.attempt) +
        stringField('vendorText', event.vendorText) +
        '}',
      `vendor call ${event.connection} ${event.method} ${event.route} -> ${event.status ?? event.outcome}`,
    );
  }

  onBreakerState(connection: string, state: BreakerState): void {
    this.metrics.setBreaker(connection, state);
    this.loggers.root.warn(
      { ...this.metrics.labels(connection), breaker: state },
      `circuit for ${connection} is now ${state}`,
    );
  }

  /** Routes are templates already; the cap is the second lock should an adapter ever pass a value. */
  private routeLabel(vendor: string, route: string): string {
    let known = this.routes.get(vendor);
    if (!known) this.routes.set(vendor, (known = new Set()));
    if (known.has(route)) return route;
    if (known.size >= MAX_VENDOR_ROUTES) return OTHER_ROUTE;
    known.add(route);
    return route;
  }
}
