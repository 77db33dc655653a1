import { DynamicModule, Module } from '@nestjs/common';
import { Directory, DirectoryModule } from '@userbridge/directory';
import { Logger } from 'pino';
import { GatewayConfig } from '../config/gateway-config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { GatewayMetrics } from '../observability/metrics';
import { SyncRecorder } from '../observability/sync.recorder';
import { ChangesController } from './changes.controller';
import { directoryOptions } from './directory-options';
import { SyncCoordinator } from './sync-coordinator.service';
import { SyncController } from './sync.controller';
import { SyncScheduler } from './sync.scheduler';

export interface DirectoryRuntime {
  logger: Logger;
  metrics: GatewayMetrics;
  /** An already open directory to use (and leave open); default: open the configured one. */
  directory?: Directory;
}

/**
 * The directory in the gateway: opened (and migrated) before the app listens,
 * so an unreachable database is a boot error; synced on a schedule and on
 * demand; closed on shutdown after the syncs started here ended.
 */
@Module({})
export class DirectorySyncModule {
  static forRoot(config: GatewayConfig, runtime: DirectoryRuntime): DynamicModule {
    return {
      module: DirectorySyncModule,
      imports: [
        DirectoryModule.forRoot(
          runtime.directory ? { directory: runtime.directory } : directoryOptions(config),
        ),
      ],
      controllers: [SyncController, ChangesController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        {
          provide: SyncRecorder,
          useValue: new SyncRecorder(runtime.metrics, runtime.logger.child({ context: 'Sync' })),
        },
        SyncCoordinator,
        SyncScheduler,
      ],
      exports: [SyncCoordinator],
    };
  }
}
