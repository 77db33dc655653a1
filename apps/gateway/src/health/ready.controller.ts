import { Controller, Get, Header, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ReadinessResponse } from './health.response';
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
    operationId: 'ready',
    summary: 'Readiness: ready unless no vendor is usable',
    description:
      'Open (no key). Probes every configured vendor (a finished round of probes is reused for a few seconds) and ' +
      'answers 200 while at least one vendor is usable, since the gateway still serves the others, and 503 only when ' +
      'none is. It names the vendors that are down and nothing they said: why is at the authenticated GET /v1/vendors.',
  })
  @ApiOkResponse({
    description: 'At least one vendor is usable',
    type: ReadinessResponse,
    example: { ready: true, connectionsDown: ['desk'], vendorsDown: ['desk'] },
  })
  @ApiServiceUnavailableResponse({
    description: 'No vendor is usable',
    type: ReadinessResponse,
    example: {
      ready: false,
      connectionsDown: ['convirza', 'desk', 'credira'],
      vendorsDown: ['convirza', 'desk', 'credira'],
    },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const readiness = await this.readiness.check();
    if (!readiness.ready) void reply.status(503);
    return readiness;
  }
}
