import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { LivenessResponse } from './health.response';
import { HealthDocs } from './health.docs';

@ApiTags('operations')
@Controller()
export class HealthController {
  @Get('health')
  @Public()
  @HealthDocs.health()
  health(): LivenessResponse {
    return { status: 'ok' };
  }
}
