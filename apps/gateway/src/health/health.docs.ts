import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { LivenessResponse } from './health.response';
import { ApiDoc } from '../docs/api-doc';

// The OpenAPI prose of /health, one entry per handler of HealthController.

export const HealthDocs = {
  health: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'health',
        summary: 'Liveness: the process answers',
        description:
          'Open (no key). Calls no vendor: use GET /ready for whether vendors are usable.',
      }),
      ApiOkResponse({
        description: 'The process is alive',
        type: LivenessResponse,
        example: { status: 'ok' },
      }),
    ),
};
