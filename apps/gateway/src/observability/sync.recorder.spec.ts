import type { SyncRun } from '@userbridge/directory';
import pino from 'pino';
import { Writable } from 'node:stream';
import { GatewayMetrics } from './metrics';
import { SyncRecorder } from './sync.recorder';

function run(overrides: Partial<SyncRun> & { usersRead: number; pages: number }): SyncRun {
  const { usersRead, pages, ...rest } = overrides;
  return {
    id: 7,
    connection: 'desk',
    vendor: 'desk',
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: null,
    heartbeatAt: '2026-11-23T10:00:01.000Z',
    outcome: 'running',
    counts: {
      usersRead,
      pages,
      created: 0,
      updated: 0,
      deactivated: 0,
      reactivated: 0,
      deleted: 0,
      rejected: 0,
      deletionsSkipped: 0,
      deletionsWithheld: 0,
      staleSkipped: 0,
    },
    deletionSkipped: null,
    error: null,
    ...rest,
  };
}

describe('SyncRecorder', () => {
  const lines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    }),
  );

  it('counts users and pages once each although progress reports running totals', async () => {
    const metrics = new GatewayMetrics(['desk'].map((name) => ({ name, plugin: { name } })));
    const recorder = new SyncRecorder(metrics, logger);
    recorder.progress(run({ usersRead: 500, pages: 1 }));
    recorder.progress(run({ usersRead: 1000, pages: 2 }));
    recorder.finished(
      run({
        usersRead: 1200,
        pages: 3,
        outcome: 'succeeded',
        finishedAt: '2026-11-23T10:00:04.000Z',
      }),
    );
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /userbridge_sync_users_read_total\{vendor="desk",connection="desk"\} 1200/,
    );
    expect(text).toMatch(/userbridge_sync_pages_total\{vendor="desk",connection="desk"\} 3/);
    expect(text).toMatch(
      /userbridge_sync_runs_total\{vendor="desk",connection="desk",outcome="succeeded"\} 1/,
    );
    expect(text).toMatch(
      /userbridge_sync_duration_seconds_sum\{vendor="desk",connection="desk",outcome="succeeded"\} 4/,
    );
    expect(text).toMatch(
      /userbridge_sync_last_success_timestamp_seconds\{vendor="desk",connection="desk"\} 1795\d+/,
    );
    const finished = lines.map((l) => JSON.parse(l)).find((l) => l.sync?.outcome === 'succeeded');
    expect(finished).toMatchObject({
      level: 30,
      sync: { runId: 7, usersRead: 1200, durationMs: 4000 },
    });
  });

  it('logs a failed run as a warning with its error, and leaves the last success alone', async () => {
    const metrics = new GatewayMetrics(['desk'].map((name) => ({ name, plugin: { name } })));
    const recorder = new SyncRecorder(metrics, logger);
    recorder.finished(
      run({
        id: 8,
        usersRead: 3600,
        pages: 36,
        outcome: 'failed',
        finishedAt: '2026-11-23T10:00:02.000Z',
        error: { code: 'vendor_error', message: 'desk answered HTTP 500' },
      }),
    );
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /userbridge_sync_runs_total\{vendor="desk",connection="desk",outcome="failed"\} 1/,
    );
    expect(text).not.toMatch(/userbridge_sync_last_success_timestamp_seconds\{/);
    const failed = lines.map((l) => JSON.parse(l)).find((l) => l.sync?.outcome === 'failed');
    expect(failed).toMatchObject({ level: 40, sync: { error: { code: 'vendor_error' } } });
  });

  it('warns about withheld deletions and counts them, on a run that still succeeded', async () => {
    const metrics = new GatewayMetrics(['desk'].map((name) => ({ name, plugin: { name } })));
    const recorder = new SyncRecorder(metrics, logger);
    const withheld = run({
      id: 9,
      usersRead: 0,
      pages: 1,
      outcome: 'succeeded',
      finishedAt: '2026-11-23T10:00:01.000Z',
      deletionSkipped: '1000 of 1000 stored users were not in the list',
    });
    withheld.counts.deletionsWithheld = 1000;
    recorder.finished(withheld);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /userbridge_sync_deletions_withheld_total\{vendor="desk",connection="desk"\} 1000/,
    );
    const line = lines
      .map((l) => JSON.parse(l))
      .find((l) => l.sync?.runId === 9 && l.sync?.outcome === 'succeeded');
    expect(line).toMatchObject({ level: 40, sync: { deletionsWithheld: 1000 } });
    expect(line.msg).toMatch(/1000 deletions withheld/);
  });

  it('labels a run by its connection, so two tenants of one vendor keep their own series', async () => {
    const metrics = new GatewayMetrics([
      { name: 'desk', plugin: { name: 'desk' } },
      { name: 'desk-eu', plugin: { name: 'desk' } },
    ]);
    const recorder = new SyncRecorder(metrics, logger);
    recorder.finished(
      run({
        id: 11,
        connection: 'desk-eu',
        usersRead: 40,
        pages: 1,
        outcome: 'succeeded',
        finishedAt: '2026-11-23T10:00:01.000Z',
      }),
    );
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /userbridge_sync_runs_total\{vendor="desk",connection="desk-eu",outcome="succeeded"\} 1/,
    );
    expect(text).toMatch(
      /userbridge_sync_last_success_timestamp_seconds\{vendor="desk",connection="desk-eu"\} 1795\d+/,
    );
    expect(text).not.toMatch(/userbridge_sync_runs_total\{vendor="desk",connection="desk",/);
    const line = lines
      .map((l) => JSON.parse(l))
      .find((l) => l.sync?.runId === 11 && l.sync?.outcome === 'succeeded');
    expect(line.sync).toMatchObject({ connection: 'desk-eu', vendor: 'desk' });
    expect(line.msg).toMatch(/^sync desk-eu #11 succeeded/);
  });
});
