import { DynamicModule, Module } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway-config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { AuditRetention } from './audit-retention.service';
import { AuditController } from './audit.controller';
import { AuditHook } from './audit.hook';
import { AuditService } from './audit.service';

/**
 * The audit trail: the write hook that records every write through the
 * pipeline, the admin endpoints that list and verify it, and retention.
 * AuditService is exported for features that record entries of their own.
 */
@Module({})
export class AuditModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AuditModule,
      controllers: [AuditController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        AuditHook,
        AuditService,
        AuditRetention,
      ],
      exports: [AuditService],
    };
  }
}
