import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ReadinessResponse } from './health.response';
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
    operationId: 'ready',
    summary: 'Readiness: each vendor probed',
    description:
      'Open (no key). Probes every configured vendor now, in parallel. Answers 200 while at least one vendor is ' +
      'usable (the gateway still serves the others) and 503 only when none is.',
  })
  @ApiOkResponse({
    description: 'At least one vendor is usable',
    type: ReadinessResponse,
    example: {
      status: 'ok',
      info: {
        vendors: {
          status: 'up',
          usable: 2,
          convirza: { status: 'up', latencyMs: 3 },
          credira: { status: 'up', latencyMs: 4 },
          desk: {
            status: 'down',
            latencyMs: 801,
            code: 'vendor_timeout',
            message: 'desk did not answer within 800 ms',
          },
        },
      },
      error: {},
      details: {
        vendors: {
          status: 'up',
          usable: 2,
          convirza: { status: 'up', latencyMs: 3 },
          credira: { status: 'up', latencyMs: 4 },
          desk: {
            status: 'down',
            latencyMs: 801,
            code: 'vendor_timeout',
            message: 'desk did not answer within 800 ms',
          },
        },
      },
    },
  })
  @ApiServiceUnavailableResponse({
    description: 'No vendor is usable',
    type: ReadinessResponse,
    example: {
      status: 'error',
      info: {},
      error: {
        vendors: {
          status: 'down',
          usable: 0,
          convirza: {
            status: 'down',
            latencyMs: 2,
            code: 'vendor_error',
            message: 'convirza answered HTTP 500',
          },
          credira: {
            status: 'down',
            latencyMs: 5,
            code: 'vendor_auth_failed',
            message: "credira rejected the gateway's credentials (HTTP 401)",
          },
        },
      },
      details: {
        vendors: {
          status: 'down',
          usable: 0,
          convirza: {
            status: 'down',
            latencyMs: 2,
            code: 'vendor_error',
            message: 'convirza answered HTTP 500',
          },
          credira: {
            status: 'down',
            latencyMs: 5,
            code: 'vendor_auth_failed',
            message: "credira rejected the gateway's credentials (HTTP 401)",
          },
        },
      },
    },
  })
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
