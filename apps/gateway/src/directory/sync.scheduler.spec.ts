import { EventEmitter } from 'node:events';
import type { HttpAdapterHost } from '@nestjs/core';
import type { Directory } from '@userbridge/directory';
import type { VendorRegistry } from '@userbridge/vendor-core';
import type { GatewayConfig } from '../config/gateway-config';
import type { SyncRecorder } from '../observability/sync.recorder';
import type { SyncCoordinator } from './sync-coordinator.service';
import { SyncScheduler } from './sync.scheduler';

function scheduler(
  intervalSeconds: number,
  lastSuccess: Record<string, string>,
  adapterHost?: HttpAdapterHost,
) {
  const start = jest.fn(async (_vendors?: readonly string[]) => []);
  const instance = new SyncScheduler(
    { syncIntervalSeconds: intervalSeconds } as GatewayConfig,
    { syncRuns: { lastSuccess: async () => lastSuccess } } as unknown as Directory,
    { names: () => ['convirza', 'desk', 'credira'] } as unknown as VendorRegistry,
    {
      start,
      drain: async () => undefined,
      idle: async () => undefined,
    } as unknown as SyncCoordinator,
    { lastSuccesses: () => undefined } as unknown as SyncRecorder,
    adapterHost,
  );
  return { instance, start };
}

const flush = () =>
  new Promise<void>((resolve) => jest.requireActual('timers').setImmediate(resolve));

describe('SyncScheduler', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('syncs at boot the vendors not synced within an interval, then every interval until closed', async () => {
    const { instance, start } = scheduler(600, {
      convirza: '2026-11-23T09:55:00Z',
      desk: '2026-11-23T09:00:00Z',
    });
    instance.onApplicationBootstrap();
    await flush();
    expect(start.mock.calls).toEqual([[['desk', 'credira']]]);
    // The timer never keeps the process alive.
    expect((instance as unknown as { timer: NodeJS.Timeout }).timer.hasRef()).toBe(false);

    jest.advanceTimersByTime(600_000);
    await flush();
    expect(start.mock.calls).toEqual([[['desk', 'credira']], [undefined]]);

    instance.onModuleDestroy();
    jest.advanceTimersByTime(1_800_000);
    await flush();
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('leaves syncing to POST /v1/sync when the interval is 0', async () => {
    const { instance, start } = scheduler(0, {});
    instance.onApplicationBootstrap();
    jest.advanceTimersByTime(3_600_000);
    await flush();
    expect(start).not.toHaveBeenCalled();
    expect((instance as unknown as { timer?: NodeJS.Timeout }).timer).toBeUndefined();
  });

  it('starts nothing before the HTTP server listens (a port taken means no vendor call)', async () => {
    const server = Object.assign(new EventEmitter(), { listening: false });
    const host = { httpAdapter: { getHttpServer: () => server } } as unknown as HttpAdapterHost;
    const { instance, start } = scheduler(600, {}, host);
    instance.onApplicationBootstrap();
    jest.advanceTimersByTime(3_600_000);
    await flush();
    expect(start).not.toHaveBeenCalled();

    server.listening = true;
    server.emit('listening');
    await flush();
    expect(start.mock.calls).toEqual([[['convirza', 'desk', 'credira']]]);
    await instance.bootSynced();
    instance.onModuleDestroy();
  });
});
