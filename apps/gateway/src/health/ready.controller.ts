import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { VendorRegistry } from '@userbridge/vendor-core';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { VendorsService } from '../vendors/vendors.service';

@ApiTags('operations')
@Controller('ready')
export class ReadyController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: VendorRegistry,
    private readonly vendors: VendorsService,
  ) {}

  @Get()
  @Public()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Readiness: each vendor probed; fails (503) only when no vendor is usable',
  })
  @ApiResponse({
    status: 200,
    schema: {
      example: {
        status: 'ok',
        info: {
          vendors: {
            status: 'up',
            usable: 2,
            convirza: { status: 'up', latencyMs: 3 },
            desk: { status: 'down', code: 'vendor_timeout' },
          },
        },
        error: {},
        details: {},
      },
    },
  })
  @ApiResponse({ status: 503, description: 'No vendor is usable' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.vendorsUsable()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private async vendorsUsable() {
    const adapters = this.registry.all();
    const states = await Promise.all(adapters.map((adapter) => this.vendors.probe(adapter)));
    const usable = states.filter((s) => s.status === 'up').length;
    const detail = Object.fromEntries(adapters.map((adapter, i) => [adapter.name, states[i]]));
    const indicator = this.indicators.check('vendors');
    return usable > 0 ? indicator.up({ usable, ...detail }) : indicator.down({ usable, ...detail });
  }
}
