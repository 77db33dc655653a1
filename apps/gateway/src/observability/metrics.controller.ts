import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { presentedKey } from '../auth/api-key.guard';
import { Public } from '../auth/auth.decorators';
import { ForbiddenError, UnauthorizedError } from '../common/gateway-errors';
import { findKey, scopeAllows } from '../config/api-keys';
import { GatewayConfig } from '../config/gateway-config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { GatewayMetrics } from './metrics';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Prometheus scrape endpoint: open on the loopback interface, otherwise a read key that sees every connection. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: GatewayMetrics,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  async scrape(@Req() request: FastifyRequest): Promise<string> {
    const fromLoopback = LOOPBACK.test(request.socket.remoteAddress ?? '');
    if (!fromLoopback) {
      const key = presentedKey(request);
      if (key === null) {
        throw new UnauthorizedError('/metrics needs a gateway key when not scraped over loopback');
      }
      const entry = findKey(this.config.apiKeys, key);
      if (!entry) throw new UnauthorizedError('The gateway key is not valid');
      // The series name every connection: a key that may not see them all does not get them.
      if (!scopeAllows(entry, 'read') || entry.connections !== null)
        throw new ForbiddenError('/metrics needs a read key that is not limited to connections');
    }
    return this.metrics.registry.metrics();
  }
}
