// Copies prom-client internals, on purpose and only here: the contract a
// Registry holds with its metrics (it registers any object with a `name`, asks
// it for `get()` for JSON and for `getForPromString()`, if it has one, for the
// text format, and renders the `values` / `sharedLabels` / `metricName` /
// `exemplar` shape its own Counter and Histogram give). None of that is
// prom-client's public API, so `prom-client` is pinned exactly in package.json
// (docs/development.md, "Pinned because copied"), and series-metrics.spec.ts
// reads these metrics and prom-client's own after the same updates and fails
// when an upgrade renders them differently; upgrade it only with that spec green.

import type { Registry } from 'prom-client';

/** A label set of a metric, bound once: what the hot path holds and updates. */
export interface CounterSeries {
  inc(): void;
}
export interface HistogramSeries {
  observe(seconds: number): void;
}

type Labels = Record<string, string>;
interface ValuePair {
  labels: Record<string, string | number>;
  sharedLabels?: Labels;
  value: number;
  metricName?: string;
  exemplar?: null;
}
interface MetricData {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: ValuePair[];
  aggregator: 'sum';
}

/**
 * A counter and a histogram that do per answer only what a sample needs: the
 * series is bound to its label set once, so an update is an addition (a
 * histogram's also finds its bucket). prom-client's own, even bound, check
 * the labels, hash them and look the series up again on every update, a
 * cost paid twice per proxied read (docs/performance.md has the measurement).
 * They register in a prom-client Registry as any metric does (it
 * asks each for `get()`), and give the values in prom-client's own shape, so
 * `/metrics` reads exactly as before.
 */
abstract class SeriesMetric<S> {
  protected readonly series = new Map<string, { labels: Labels; state: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  readonly aggregator = 'sum' as const;

  protected abstract readonly type: MetricData['type'];

  protected data(values: ValuePair[]): MetricData {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    };
  }

  /** The series of these label values, made the first time (label order is the output's order). */
  protected bind(labels: Labels, make: () => S): S {
    const key = JSON.stringify(labels);
    let entry = this.series.get(key);
    if (!entry) this.series.set(key, (entry = { labels, state: make() }));
    return entry.state;
  }
}

export class SeriesCounter extends SeriesMetric<{ value: number }> {
  readonly type = 'counter' as const;

  labels(labels: Labels): CounterSeries {
    const state = this.bind(labels, () => ({ value: 0 }));
    return { inc: () => void (state.value += 1) };
  }

  get(): Promise<MetricData> {
    const values = [...this.series.values()].map(({ labels, state }) => ({
      labels,
      value: state.value,
    }));
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    });
  }
}

interface HistogramState {
  /** Observations per bucket (not cumulative); the last slot is above every bound. */
  counts: number[];
  sum: number;
  count: number;
}

export class SeriesHistogram extends SeriesMetric<HistogramState> {
  readonly type = 'histogram' as const;

  constructor(
    name: string,
    help: string,
    registry: Registry,
    private readonly bounds: readonly number[],
  ) {
    super(name, help, registry);
  }

  labels(labels: Labels): HistogramSeries {
    const { bounds } = this;
    const state = this.bind(labels, () => ({
      counts: new Array<number>(bounds.length + 1).fill(0),
      sum: 0,
      count: 0,
    }));
    return {
      observe: (value: number) => {
        // prom-client refuses such a value (it throws); a sample is never worth a failed answer.
        if (!Number.isFinite(value)) return;
        let slot = 0;
        while (slot < bounds.length && value > bounds[slot]) slot++;
        state.counts[slot] += 1;
        state.sum += value;
        state.count += 1;
      },
    };
  }

  /**
   * Cumulative buckets, `+Inf`, `_sum` and `_count` per series, as prom-client
   * lists them for the text format: the series' labels shared, `le` apart.
   */
  getForPromString(): Promise<MetricData> {
    const values: ValuePair[] = [];
    const bucket = `${this.name}_bucket`;
    for (const { labels, state } of this.series.values()) {
      let below = 0;
      this.bounds.forEach((bound, slot) => {
        below += state.counts[slot];
        values.push({
          labels: { le: bound },
          sharedLabels: labels,
          value: below,
          metricName: bucket,
          exemplar: null,
        });
      });
      values.push(
        {
          labels: { le: '+Inf' },
          sharedLabels: labels,
          value: state.count,
          metricName: bucket,
          exemplar: null,
        },
        {
          labels: {},
          sharedLabels: labels,
          value: state.sum,
          metricName: `${this.name}_sum`,
          exemplar: undefined,
        },
        {
          labels: {},
          sharedLabels: labels,
          value: state.count,
          metricName: `${this.name}_count`,
          exemplar: undefined,
        },
      );
    }
    return Promise.resolve(this.data(values));
  }

  /** The same values with each one's labels whole (`le` first), as prom-client's JSON has them. */
  async get(): Promise<MetricData> {
    const data = await this.getForPromString();
    data.values = data.values.map(({ sharedLabels, ...value }) => ({
      ...value,
      labels: { ...value.labels, ...sharedLabels },
    }));
    return data;
  }
}
