import { Counter, Histogram, Registry } from 'prom-client';
import { SeriesCounter, SeriesHistogram } from './series-metrics';

const BOUNDS = [0.001, 0.01, 0.1, 1];

describe('series-bound metrics', () => {
  it('read in /metrics exactly as prom-client’s own after the same updates', async () => {
    const theirs = new Registry();
    const ours = new Registry();
    const labelNames = ['method', 'route', 'status'] as const;
    const counter = new Counter({
      name: 'c_total',
      help: 'a count',
      labelNames,
      registers: [theirs],
    });
    const histogram = new Histogram({
      name: 'h_seconds',
      help: 'a "time"\nin seconds',
      labelNames,
      buckets: BOUNDS,
      registers: [theirs],
    });
    const seriesCounter = new SeriesCounter('c_total', 'a count', ours);
    const seriesHistogram = new SeriesHistogram('h_seconds', 'a "time"\nin seconds', ours, BOUNDS);

    const samples: [Record<string, string>, number][] = [
      [{ method: 'GET', route: '/v1/users/:id', status: '200' }, 0.0004],
      [{ method: 'GET', route: '/v1/users/:id', status: '200' }, 0.01],
      [{ method: 'GET', route: '/v1/users/:id', status: '200' }, 0.25],
      [{ method: 'POST', route: '/v1/users', status: '422' }, 3],
      [{ method: 'GET', route: 'a "quoted" \\ route\n', status: '500' }, 0.001],
      [{ method: 'GET', route: '/v1/users/:id', status: '200' }, 1],
    ];
    for (const [labels, seconds] of samples) {
      counter.labels(labels).inc();
      histogram.labels(labels).observe(seconds);
      seriesCounter.labels(labels).inc();
      seriesHistogram.labels(labels).observe(seconds);
    }

    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
  });

  it('keeps one series per label set, however often it is bound', async () => {
    const registry = new Registry();
    const counter = new SeriesCounter('n_total', 'n', registry);
    counter.labels({ vendor: 'desk' }).inc();
    counter.labels({ vendor: 'desk' }).inc();
    counter.labels({ vendor: 'credira' }).inc();
    const text = await registry.metrics();
    expect(text).toContain('n_total{vendor="desk"} 2');
    expect(text).toContain('n_total{vendor="credira"} 1');
  });

  it('leaves out a value that is not a finite number, where prom-client would throw', async () => {
    const registry = new Registry();
    const histogram = new SeriesHistogram('d_seconds', 'd', registry, BOUNDS);
    const series = histogram.labels({ vendor: 'desk' });
    series.observe(Number.NaN);
    series.observe(0.5);
    const text = await registry.metrics();
    expect(text).toContain('d_seconds_count{vendor="desk"} 1');
    expect(text).toContain('d_seconds_sum{vendor="desk"} 0.5');
  });

  it('refuses a second metric of the same name in a registry, as prom-client does', () => {
    const registry = new Registry();
    new SeriesCounter('dup_total', 'x', registry);
    expect(() => new SeriesCounter('dup_total', 'x', registry)).toThrow(/already been registered/);
  });
});
