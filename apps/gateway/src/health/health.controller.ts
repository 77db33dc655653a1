import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { LivenessResponse } from './health.response';

@ApiTags('operations')
@Controller()
export class HealthController {
  @Get('health')
  @Public()
  @ApiOperation({
    operationId: 'health',
    summary: 'Liveness: the process answers',
    description: 'Open (no key). Calls no vendor: use GET /ready for whether vendors are usable.',
  })
  @ApiOkResponse({
    description: 'The process is alive',
    type: LivenessResponse,
    example: { status: 'ok' },
  })
  health(): LivenessResponse {
    return { status: 'ok' };
  }
}
