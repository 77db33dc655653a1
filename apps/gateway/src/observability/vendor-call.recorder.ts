import { BreakerState, VendorCallEvent, VendorCallObserver } from '@userbridge/vendor-core';
import { GatewayLoggers } from './logger';
import { GatewayMetrics } from './metrics';
import { requestContext } from './request-context';

/**
 * Turns every vendor call attempt into metrics and one log line. Log lines
 * carry the request id of the caller whose request made the call (found in
 * the request context), and go through the `fixed` logger: every field is a
 * vendor name, a route label, a status, an outcome or a number.
 */
export class VendorCallRecorder implements VendorCallObserver {
  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly loggers: GatewayLoggers,
  ) {}

  onCall(event: VendorCallEvent): void {
    this.metrics.recordVendorCall(
      event.vendor,
      event.method,
      event.route,
      event.outcome,
      event.durationMs / 1000,
    );
    const level = event.outcome === 'ok' || event.outcome === 'client_error' ? 'info' : 'warn';
    const { fixed } = this.loggers;
    if (!fixed.isLevelEnabled(level)) return;
    fixed[level](
      {
        reqId: requestContext.getStore()?.reqId,
        vendorCall: {
          vendor: event.vendor,
          method: event.method,
          route: event.route,
          status: event.status,
          outcome: event.outcome,
          durationMs: Math.round(event.durationMs * 10) / 10,
          attempt: event.attempt,
        },
      },
      `vendor call ${event.vendor} ${event.method} ${event.route} -> ${event.status ?? event.outcome}`,
    );
  }

  onBreakerState(vendor: string, state: BreakerState): void {
    this.metrics.setBreaker(vendor, state);
    this.loggers.root.warn({ vendor, breaker: state }, `circuit for ${vendor} is now ${state}`);
  }
}
