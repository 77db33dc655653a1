import { DynamicModule, Module } from '@nestjs/common';
import { Directory, DirectoryModule } from '@userbridge/directory';
import { Logger } from 'pino';
import { GatewayConfig } from '../config/gateway-config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { GatewayMetrics } from '../observability/metrics';
import { SyncRecorder } from '../observability/sync.recorder';
import { ChangesController } from './changes.controller';
import { SyncCoordinator } from './sync-coordinator.service';
import { SyncRunsReader } from './sync-runs.reader';
import { SyncController } from './sync.controller';
import { SyncScheduler } from './sync.scheduler';

export interface DirectoryRuntime {
  logger: Logger;
  metrics: GatewayMetrics;
  /** The open directory, and whether closing the app closes it (false when shared). */
  directory: Directory;
  ownsDirectory: boolean;
}

/**
 * The directory in the gateway: opened (and migrated) by the app factory
 * before Nest starts, so an unreachable database is one boot error line; synced on a schedule and on
 * demand; closed on shutdown after the syncs started here ended.
 */
@Module({})
export class DirectorySyncModule {
  static forRoot(config: GatewayConfig, runtime: DirectoryRuntime): DynamicModule {
    return {
      module: DirectorySyncModule,
      imports: [
        DirectoryModule.forRoot({
          directory: runtime.directory,
          closeOnShutdown: runtime.ownsDirectory,
        }),
      ],
      controllers: [SyncController, ChangesController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        {
          provide: SyncRecorder,
          useValue: new SyncRecorder(runtime.metrics, runtime.logger.child({ context: 'Sync' })),
        },
        SyncCoordinator,
        SyncRunsReader,
        SyncScheduler,
      ],
      exports: [SyncCoordinator],
    };
  }
}
