import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { ReadinessResponse } from './health.response';
import { ApiDoc } from '../docs/api-doc';

// The OpenAPI prose of /ready, one entry per handler of ReadyController.

export const ReadyDocs = {
  ready: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'ready',
        summary: 'Readiness: ready unless no vendor is usable',
        description:
          'Open (no key). Probes every configured vendor (a finished round of probes is reused for a few seconds) and ' +
          'answers 200 while at least one vendor is usable, since the gateway still serves the others, and 503 only when ' +
          'none is. It names the vendors that are down and nothing they said: why is at the authenticated GET /v1/vendors.',
      }),
      ApiOkResponse({
        description: 'At least one vendor is usable',
        type: ReadinessResponse,
        example: { ready: true, connectionsDown: ['desk'], vendorsDown: ['desk'] },
      }),
      ApiServiceUnavailableResponse({
        description: 'No vendor is usable',
        type: ReadinessResponse,
        example: {
          ready: false,
          connectionsDown: ['convirza', 'desk', 'credira'],
          vendorsDown: ['convirza', 'desk', 'credira'],
        },
      }),
    ),
};
