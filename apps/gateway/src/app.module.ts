import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { Directory } from '@userbridge/directory';
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
import { GatewayLoggers } from './observability/logger';
import { GatewayMetrics } from './observability/metrics';
import { MetricsController } from './observability/metrics.controller';
import { OFFBOARDING_CONTROLLERS, OFFBOARDING_PROVIDERS } from './offboarding/offboarding.module';
import { VendorCallRecorder } from './observability/vendor-call.recorder';
import { ApiKeyThrottlerGuard, throttlerBudgets } from './throttling/api-key-throttler.guard';
import { StoreUsersReader } from './users/store-users.reader';
import { UsersController } from './users/users.controller';
import { UsersReader } from './users/users.reader';
import { UsersService } from './users/users.service';
import { VendorsController } from './vendors/vendors.controller';
import { VendorsService } from './vendors/vendors.service';
import { UserWritePipeline } from './write-path/user-write.pipeline';
import { SCIM_CONTROLLERS, SCIM_PROVIDERS } from './scim/scim.module';
import type { WebhookResolver } from './webhooks/ssrf-guard';
import { WebhooksModule } from './webhooks/webhooks.module';

/** What the app factory builds outside DI, because vendor modules need it at definition time. */
export interface AppRuntime {
  loggers: GatewayLoggers;
  metrics: GatewayMetrics;
  /** The open directory, and whether closing the app closes it (false when shared). */
  directory: Directory;
  ownsDirectory: boolean;
  /** How webhook target hosts are resolved (default: the system's DNS). */
  webhookResolver?: WebhookResolver;
}

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, runtime: AppRuntime): DynamicModule {
    const observer = new VendorCallRecorder(runtime.metrics, runtime.loggers);
    const rateLimited = config.rateLimitPerMinute > 0 || config.scim.rateLimitPerMinute > 0;
    // Guards run in this order: authentication first, so limits apply per key.
    const guards: Provider[] = [{ provide: APP_GUARD, useClass: ApiKeyGuard }];
    if (rateLimited) guards.push({ provide: APP_GUARD, useClass: ApiKeyThrottlerGuard });
    return {
      module: AppModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot({
          throttlers: throttlerBudgets(config.rateLimitPerMinute, config.scim.rateLimitPerMinute),
        }),
        VendorRegistryModule.forRoot(config.connections, {
          timeoutMs: config.vendorTimeoutMs,
          resilience: config.resilience,
          observer,
          heldCredentials: heldCredentialScrubber(config),
        }),
        DirectorySyncModule.forRoot(config, { ...runtime, logger: runtime.loggers.root }),
        WebhooksModule.forRoot(config, {
          metrics: runtime.metrics,
          logger: runtime.loggers.root,
          resolver: runtime.webhookResolver,
        }),
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
        ...OFFBOARDING_CONTROLLERS,
        ...SCIM_CONTROLLERS,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: GatewayMetrics, useValue: runtime.metrics },
        ...guards,
        { provide: APP_FILTER, useClass: AllErrorsFilter },
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
        ...OFFBOARDING_PROVIDERS,
        ...SCIM_PROVIDERS,
      ],
    };
  }
}
