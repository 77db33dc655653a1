import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { DIRECTORY, Directory } from '@userbridge/directory';
import { InvalidRequestError } from '@userbridge/errors';
import { VendorRegistry } from '@userbridge/vendor-core';
import { CallerVisibility, Visibility } from '../auth/visibility';
import { ChangeFeedResponse, FieldChangeView, ListChangesQueryDto } from './dto/changes.dto';
import { ChangesDocs } from './changes.docs';

@ApiTags('changes')
@ApiExtraModels(FieldChangeView)
@Controller('v1/changes')
export class ChangesController {
  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    private readonly registry: VendorRegistry,
  ) {}

  @Get()
  @ChangesDocs.list()
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
