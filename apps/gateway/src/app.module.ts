import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { DIRECTORY, Directory } from '@userbridge/directory';
import { VendorRegistryModule } from '@userbridge/vendor-core';
import { AuditModule } from './audit/audit.module';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AllErrorsFilter } from './common/all-errors.filter';
import { GatewayConfig } from './config/gateway-config';
import { GATEWAY_CONFIG } from './config/gateway-config.token';
import { DirectorySyncModule } from './directory/directory-sync.module';
import { heldCredentialScrubber } from './config/held-credentials';
import { HealthController } from './health/health.controller';
import { ReadyController } from './health/ready.controller';
import { ReadinessService } from './health/readiness.service';
import { IdentitiesController } from './identities/identities.controller';
import { IdentitiesReader } from './identities/identities.reader';
import { IdentitiesService } from './identities/identities.service';
import { IdentityHistoryController } from './identities/identity-history.controller';
import { StoredIdentitiesService } from './identities/stored-identities.service';
import { UserSnapshotReader } from './identities/user-snapshot.reader';
import { IDEMPOTENCY_STORE } from './idempotency/idempotency.store';
import { GatewayLoggers } from './observability/logger';
import { GatewayMetrics } from './observability/metrics';
import { MetricsController } from './observability/metrics.controller';
import { VendorCallRecorder } from './observability/vendor-call.recorder';
import { ApiKeyThrottlerGuard } from './throttling/api-key-throttler.guard';
import { StoreUsersReader } from './users/store-users.reader';
import { UsersController } from './users/users.controller';
import { UsersReader } from './users/users.reader';
import { UsersService } from './users/users.service';
import { VendorsController } from './vendors/vendors.controller';
import { VendorsService } from './vendors/vendors.service';
import { UserWritePipeline } from './write-path/user-write.pipeline';

/** What the app factory builds outside DI, because vendor modules need it at definition time. */
export interface AppRuntime {
  loggers: GatewayLoggers;
  metrics: GatewayMetrics;
  /** The open directory, and whether closing the app closes it (false when shared). */
  directory: Directory;
  ownsDirectory: boolean;
}

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, runtime: AppRuntime): DynamicModule {
    const observer = new VendorCallRecorder(
      runtime.metrics,
      runtime.loggers,
      heldCredentialScrubber(config),
    );
    const rateLimited = config.rateLimitPerMinute > 0;
    // Guards run in this order: authentication first, so limits apply per key.
    const guards: Provider[] = [{ provide: APP_GUARD, useClass: ApiKeyGuard }];
    if (rateLimited) guards.push({ provide: APP_GUARD, useClass: ApiKeyThrottlerGuard });
    return {
      module: AppModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot({
          throttlers: [
            { name: 'default', ttl: 60_000, limit: Math.max(1, config.rateLimitPerMinute) },
          ],
        }),
        VendorRegistryModule.forRoot(config.connections, {
          timeoutMs: config.vendorTimeoutMs,
          resilience: config.resilience,
          observer,
        }),
        DirectorySyncModule.forRoot(config, { ...runtime, logger: runtime.loggers.root }),
        AuditModule.forRoot(config),
      ],
      controllers: [
        HealthController,
        ReadyController,
        MetricsController,
        VendorsController,
        UsersController,
        IdentityHistoryController,
        IdentitiesController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: GatewayMetrics, useValue: runtime.metrics },
        ...guards,
        { provide: APP_FILTER, useClass: AllErrorsFilter },
        {
          provide: IDEMPOTENCY_STORE,
          useFactory: (directory: Directory) => directory.idempotency,
          inject: [DIRECTORY],
        },
        UsersService,
        UserWritePipeline,
        StoreUsersReader,
        UsersReader,
        VendorsService,
        ReadinessService,
        UserSnapshotReader,
        IdentitiesService,
        StoredIdentitiesService,
        IdentitiesReader,
      ],
    };
  }
}
