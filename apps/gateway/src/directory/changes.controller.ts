import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DIRECTORY, Directory } from '@userbridge/directory';
import { InvalidRequestError } from '@userbridge/errors';
import { VendorRegistry } from '@userbridge/vendor-core';
import { CallerVisibility, Visibility } from '../auth/visibility';
import { ApiErrors, READ_ERRORS, STORE_ERRORS } from '../docs/api-responses';
import { CHANGE_EXAMPLE } from './directory-examples';
import { ChangeFeedResponse, FieldChangeView, ListChangesQueryDto } from './dto/changes.dto';

@ApiTags('changes')
@ApiExtraModels(FieldChangeView)
@Controller('v1/changes')
export class ChangesController {
  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    private readonly registry: VendorRegistry,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listChanges',
    summary: 'The change feed: every change the directory recorded, in order, resumable',
    description:
      'Changes (`created`, `updated`, `deactivated`, `reactivated`, `deleted`) with the canonical fields that changed, ' +
      'before and after, in sequence order. Poll with `after` = the `nextAfter` of the previous page: nothing is ' +
      'skipped or repeated. Found by syncs (`source: sync`) or made through this gateway (`source: write`). ' +
      'An `after` beyond the latest sequence (forged, or from another database) is a 400.',
  })
  @ApiOkResponse({
    description: 'A page of changes in sequence order',
    type: ChangeFeedResponse,
    example: { data: [CHANGE_EXAMPLE], nextAfter: 1842, hasMore: false, errors: [] },
  })
  @ApiErrors(...READ_ERRORS, ...STORE_ERRORS)
  async list(
    @Query() query: ListChangesQueryDto,
    @CallerVisibility() visibility: Visibility,
  ): Promise<ChangeFeedResponse> {
    // A limited key reads the feed of its connections only, whatever it asked for.
    const connections = visibility.select(this.registry, query.vendor, query.connection);
    if (query.after > 0 && query.after > (await this.directory.changes.latestSequence())) {
      throw new InvalidRequestError(
        `after=${query.after} is beyond the latest change: pass a nextAfter this feed gave (0 starts over)`,
        { problems: [{ field: 'after', message: 'not a sequence of this feed' }] },
      );
    }
    // A filter matching no connection lists nothing (an empty list would mean "every").
    const page =
      connections?.length === 0
        ? { changes: [], nextAfter: query.after }
        : await this.directory.changes.list({
            after: query.after,
            limit: query.limit + 1,
            connections,
            kinds: query.kind,
          });
    const changes = page.changes.slice(0, query.limit);
    return {
      data: changes,
      nextAfter: changes.length > 0 ? changes[changes.length - 1].sequence : query.after,
      hasMore: page.changes.length > query.limit,
      errors: [],
    };
  }
}
