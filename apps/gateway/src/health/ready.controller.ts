import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { Readiness, ReadinessService } from './readiness.service';
import { ReadyDocs } from './ready.docs';

/**
 * `/ready` is open to anyone, so it says nothing a vendor said: why a vendor
 * is down, with latencies and codes, is at the authenticated `GET /v1/vendors`.
 */
@ApiTags('operations')
@Controller('ready')
export class ReadyController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get()
  @Public()
  @Header('cache-control', 'no-store')
  @ReadyDocs.ready()
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const readiness = await this.readiness.check();
    if (!readiness.ready) void reply.status(503);
    return readiness;
  }
}
