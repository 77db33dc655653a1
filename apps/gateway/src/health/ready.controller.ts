import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { Readiness, ReadinessService } from './readiness.service';

@ApiTags('operations')
@Controller('ready')
export class ReadyController {
  constructor(private readonly readiness: ReadinessService) {}

  /**
   * Open to anyone, so it says nothing a vendor said: why a vendor is down,
   * with latencies and codes, is at the authenticated `GET /v1/vendors`.
   */
  @Get()
  @Public()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary:
      'Readiness: ready unless no vendor is usable (503), and which vendors are down; probes reused for a few seconds',
  })
  @ApiResponse({ status: 200, schema: { example: { ready: true, vendorsDown: ['desk'] } } })
  @ApiResponse({
    status: 503,
    description: 'No vendor is usable',
    schema: { example: { ready: false, vendorsDown: ['convirza', 'desk', 'credira'] } },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const readiness = await this.readiness.check();
    if (!readiness.ready) void reply.status(503);
    return readiness;
  }
}
