import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiErrors, READ_ERRORS, STORE_ERRORS } from '../docs/api-responses';
import { IdentityHistoryResponse } from './dto/stored-identity.response';
import { ApiDoc } from '../docs/api-doc';

// The OpenAPI prose of /v1/identities/history, one entry per handler of IdentityHistoryController.

export const IdentityHistoryDocs = {
  history: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'identityHistory',
        summary: "An identity's conflicts over time: when each gap opened and when it closed",
        description:
          'Every conflict the stored reconciliation runs found for the identity (by its `idn_…` id or the global id of one ' +
          'of its accounts), open or resolved, oldest first: `firstSeenAt` is when the gap opened, `resolvedAt` when a run ' +
          'no longer found it (null while it is open). Empty when the directory never saw a conflict there.',
      }),
      ApiOkResponse({
        description: 'Every conflict of the identity, open or resolved, oldest first',
        type: IdentityHistoryResponse,
        example: {
          data: [
            {
              key: 'status_mismatch|convirza:50005',
              identityId: 'idn_3f0c1b2a4d5e6f70',
              type: 'status_mismatch',
              severity: 'high',
              message: 'active at convirza but suspended at credira (credira:user_s05)',
              evidence: { active: ['convirza:50005'], inactive: ['credira:user_s05'], deleted: [] },
              members: ['convirza:50005', 'credira:user_s05'],
              firstSeenAt: '2026-11-11T09:30:00.000Z',
              lastSeenAt: '2026-11-23T09:45:00.000Z',
              resolvedAt: '2026-11-23T10:00:24.120Z',
            },
          ],
        },
      }),
      ApiErrors(...READ_ERRORS, ...STORE_ERRORS),
    ),
};
