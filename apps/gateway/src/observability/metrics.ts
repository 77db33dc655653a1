import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { BreakerState } from '@userbridge/vendor-core';
import { CounterSeries, HistogramSeries, SeriesCounter, SeriesHistogram } from './series-metrics';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/**
 * A label set's counter and histogram, bound once. Label sets are route
 * templates, statuses and outcomes, so the map stays as small as the metric's
 * own series.
 */
interface Series {
  count: CounterSeries;
  duration: HistogramSeries;
}

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/**
 * The gateway's Prometheus metrics, in a registry of its own (not prom-client's
 * global one) so that several apps in one process never share counters. The
 * four updated on every request and vendor call are series-bound ones
 * (series-metrics.ts); the rest are prom-client's.
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  readonly requests = new SeriesCounter(
    'userbridge_http_requests_total',
    'Requests answered, by route template and status',
    this.registry,
  );

  readonly requestDuration = new SeriesHistogram(
    'userbridge_http_request_duration_seconds',
    'Time to answer, by route template and status',
    this.registry,
    LATENCY_BUCKETS,
  );

  readonly vendorCalls = new SeriesCounter(
    'userbridge_vendor_calls_total',
    'Vendor call attempts (retries included), by vendor, connection, route and outcome',
    this.registry,
  );

  readonly vendorCallDuration = new SeriesHistogram(
    'userbridge_vendor_call_duration_seconds',
    'Vendor call attempt duration, by vendor, connection and outcome',
    this.registry,
    LATENCY_BUCKETS,
  );

  readonly breakerState = new Gauge({
    name: 'userbridge_vendor_circuit_state',
    help: 'Circuit breaker per connection: 0 closed, 1 half-open, 2 open',
    labelNames: ['vendor', 'connection'] as const,
    registers: [this.registry],
  });

  readonly syncUsersRead = new Counter({
    name: 'userbridge_sync_users_read_total',
    help: 'Users read from each connection by directory syncs',
    labelNames: ['vendor', 'connection'] as const,
    registers: [this.registry],
  });

  readonly syncPages = new Counter({
    name: 'userbridge_sync_pages_total',
    help: 'Vendor list pages read by directory syncs, by connection',
    labelNames: ['vendor', 'connection'] as const,
    registers: [this.registry],
  });

  readonly syncRuns = new Counter({
    name: 'userbridge_sync_runs_total',
    help: 'Directory sync runs finished here, by connection and outcome',
    labelNames: ['vendor', 'connection', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly syncDuration = new Histogram({
    name: 'userbridge_sync_duration_seconds',
    help: 'Duration of directory sync runs finished here, by connection and outcome',
    labelNames: ['vendor', 'connection', 'outcome'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
    registers: [this.registry],
  });

  readonly syncDeletionsWithheld = new Counter({
    name: 'userbridge_sync_deletions_withheld_total',
    help: 'Users a sync found absent but did not delete (mass-deletion guard or confirmation bound): they wait for an operator',
    labelNames: ['vendor', 'connection'] as const,
    registers: [this.registry],
  });

  readonly syncLastSuccess = new Gauge({
    name: 'userbridge_sync_last_success_timestamp_seconds',
    help: 'Unix time a sync of the connection last succeeded (any process sharing the store)',
    labelNames: ['vendor', 'connection'] as const,
    registers: [this.registry],
  });

  readonly reconciliationDuration = new Histogram({
    name: 'userbridge_reconciliation_duration_seconds',
    help: 'Duration of stored reconciliation runs, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'userbridge_webhook_deliveries_total',
    help: 'Webhook delivery attempts made here, by endpoint and outcome (succeeded, failed, timeout, refused, gone)',
    labelNames: ['endpoint', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly webhookDeliveryDuration = new Histogram({
    name: 'userbridge_webhook_delivery_duration_seconds',
    help: 'Webhook delivery attempt duration, by outcome',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly webhookQueueDepth = new Gauge({
    name: 'userbridge_webhook_queue_depth',
    help: 'Undelivered webhook messages per endpoint (every process sees the same database)',
    labelNames: ['endpoint'] as const,
    registers: [this.registry],
  });

  readonly webhookOldestUndelivered = new Gauge({
    name: 'userbridge_webhook_oldest_undelivered_seconds',
    help: 'Age of the oldest undelivered webhook message per endpoint',
    labelNames: ['endpoint'] as const,
    registers: [this.registry],
  });

  private readonly requestSeries = new Map<string, Series>();
  private readonly vendorSeries = new Map<string, Series>();

  /** Each configured connection's vendor kind: `connection` labels are bounded by configuration. */
  private readonly kinds: ReadonlyMap<string, string>;

  constructor(connections: readonly { name: string; plugin: { name: string } }[]) {
    collectDefaultMetrics({ register: this.registry, prefix: 'userbridge_' });
    this.kinds = new Map(connections.map((c) => [c.name, c.plugin.name]));
    for (const connection of this.kinds.keys()) this.breakerState.set(this.labels(connection), 0);
  }

  /** The `vendor` (kind) and `connection` labels of a connection's series. */
  labels(connection: string): { vendor: string; connection: string } {
    return { vendor: this.kinds.get(connection) ?? connection, connection };
  }

  /** One answered request: its counter and its duration, by route template and status. */
  recordRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    let series = this.requestSeries.get(key);
    if (!series) {
      const labels = { method, route, status: String(status) };
      series = {
        count: this.requests.labels(labels),
        duration: this.requestDuration.labels(labels),
      };
      this.requestSeries.set(key, series);
    }
    series.count.inc();
    series.duration.observe(seconds);
  }

  /** One vendor call attempt: its counter and its duration, by vendor, connection, route and outcome. */
  recordVendorCall(
    vendor: string,
    connection: string,
    method: string,
    route: string,
    outcome: string,
    seconds: number,
  ): void {
    const key = `${connection} ${method} ${route} ${outcome}`;
    let series = this.vendorSeries.get(key);
    if (!series) {
      const labels = { vendor, connection, method, route, outcome };
      series = {
        count: this.vendorCalls.labels(labels),
        duration: this.vendorCallDuration.labels(labels),
      };
      this.vendorSeries.set(key, series);
    }
    series.count.inc();
    series.duration.observe(seconds);
  }

  setBreaker(connection: string, state: BreakerState): void {
    this.breakerState.set(this.labels(connection), BREAKER_VALUE[state]);
  }
}
