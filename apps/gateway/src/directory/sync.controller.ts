import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InvalidRequestError } from '@userbridge/errors';
import { VendorRegistry } from '@userbridge/vendor-core';
import { RequiresScope } from '../auth/auth.decorators';
import { CallerVisibility, Visibility } from '../auth/visibility';
import {
  ConfirmDeletionsResponse,
  ListSyncRunsQueryDto,
  StartSyncQueryDto,
  StartSyncResponse,
  SyncRunListResponse,
} from './dto/sync.dto';
import { confirmationView, SyncRunsReader, syncRunView } from './sync-runs.reader';
import { SyncCoordinator } from './sync-coordinator.service';
import { SyncDocs } from './sync.docs';

const RUN_ID = /^[1-9][0-9]{0,14}$/;

function runId(id: string): number {
  if (!RUN_ID.test(id))
    throw new InvalidRequestError(
      `"${id.slice(0, 40)}" is not a sync run id: expected a positive whole number`,
      { problems: [{ field: 'id', message: 'expected a positive whole number' }] },
    );
  return Number(id);
}

@ApiTags('sync')
@Controller('v1/sync')
export class SyncController {
  constructor(
    private readonly registry: VendorRegistry,
    private readonly coordinator: SyncCoordinator,
    private readonly syncRuns: SyncRunsReader,
  ) {}

  @Post()
  @HttpCode(202)
  @RequiresScope('write')
  @SyncDocs.start()
  async start(
    @Query() query: StartSyncQueryDto,
    @CallerVisibility() visibility: Visibility,
  ): Promise<StartSyncResponse> {
    const starts = await this.coordinator.start(
      visibility.select(
        this.registry,
        query.vendor === undefined ? undefined : [query.vendor],
        query.connection === undefined ? undefined : [query.connection],
      ),
    );
    return { data: starts.map((start) => ({ ...syncRunView(start.run), started: start.started })) };
  }

  @Post('runs/:id/confirm-deletions')
  @HttpCode(200)
  @RequiresScope('write')
  @SyncDocs.confirmDeletions()
  async confirmDeletions(
    @Param('id') id: string,
    @CallerVisibility() visibility: Visibility,
  ): Promise<ConfirmDeletionsResponse> {
    return confirmationView(await this.coordinator.confirmDeletions(runId(id), visibility));
  }

  @Get('runs')
  @SyncDocs.runs()
  runs(
    @Query() query: ListSyncRunsQueryDto,
    @CallerVisibility() visibility: Visibility,
  ): Promise<SyncRunListResponse> {
    return this.syncRuns.list(query, visibility);
  }
}
