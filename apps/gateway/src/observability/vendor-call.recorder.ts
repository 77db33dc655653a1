import { BreakerState, VendorCallEvent, VendorCallObserver } from '@userbridge/vendor-core';
import { storage } from 'nestjs-pino/storage';
import { Logger } from 'pino';
import { GatewayMetrics } from './metrics';

/**
 * Turns every vendor call attempt into metrics and one log line. Log lines
 * carry the request id of the caller whose request made the call (the request
 * logger is found through nestjs-pino's async context).
 */
export class VendorCallRecorder implements VendorCallObserver {
  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly root: Logger,
  ) {}

  onCall(event: VendorCallEvent): void {
    const labels = {
      vendor: event.vendor,
      method: event.method,
      route: event.route,
      outcome: event.outcome,
    };
    this.metrics.vendorCalls.inc(labels);
    this.metrics.vendorCallDuration.observe(labels, event.durationMs / 1000);
    const logger = storage.getStore()?.logger ?? this.root;
    const level = event.outcome === 'ok' || event.outcome === 'client_error' ? 'info' : 'warn';
    logger[level](
      {
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
    this.root.warn({ vendor, breaker: state }, `circuit for ${vendor} is now ${state}`);
  }
}
