import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiErrors, READ_ERRORS, STORE_ERRORS } from '../docs/api-responses';
import { CHANGE_EXAMPLE } from './directory-examples';
import { ChangeFeedResponse } from './dto/changes.dto';
import { ApiDoc } from '../docs/api-doc';

// The OpenAPI prose of /v1/changes, one entry per handler of ChangesController.

export const ChangesDocs = {
  list: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'listChanges',
        summary: 'The change feed: every change the directory recorded, in order, resumable',
        description:
          'Changes (`created`, `updated`, `deactivated`, `reactivated`, `deleted`) with the canonical fields that changed, ' +
          'before and after, in sequence order. Poll with `after` = the `nextAfter` of the previous page: nothing is ' +
          'skipped or repeated. Found by syncs (`source: sync`) or made through this gateway (`source: write`). ' +
          'An `after` beyond the latest sequence (forged, or from another database) is a 400.',
      }),
      ApiOkResponse({
        description: 'A page of changes in sequence order',
        type: ChangeFeedResponse,
        example: { data: [CHANGE_EXAMPLE], nextAfter: 1842, hasMore: false, errors: [] },
      }),
      ApiErrors(...READ_ERRORS, ...STORE_ERRORS),
    ),
};
