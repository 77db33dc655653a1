import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DeletionConfirmation, DIRECTORY, Directory, SyncRun } from '@userbridge/directory';
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
  SyncRunView,
} from './dto/sync.dto';
import { SYNC_RUNS_CURSOR } from './sync-runs.cursor';
import { SyncCoordinator } from './sync-coordinator.service';
import { SyncDocs } from './sync.docs';

@ApiTags('sync')
@Controller('v1/sync')
export class SyncController {
  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    private readonly registry: VendorRegistry,
    private readonly coordinator: SyncCoordinator,
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
    return { data: starts.map((start) => ({ ...view(start.run), started: start.started })) };
  }

  @Post('runs/:id/confirm-deletions')
  @HttpCode(200)
  @RequiresScope('write')
  @SyncDocs.confirmDeletions()
  async confirmDeletions(
    @Param('id') id: string,
    @CallerVisibility() visibility: Visibility,
  ): Promise<ConfirmDeletionsResponse> {
    if (!RUN_ID.test(id))
      throw new InvalidRequestError(
        `"${id.slice(0, 40)}" is not a sync run id: expected a positive whole number`,
        {
          problems: [{ field: 'id', message: 'expected a positive whole number' }],
        },
      );
    return confirmationView(await this.coordinator.confirmDeletions(Number(id), visibility));
  }

  @Get('runs')
  @SyncDocs.runs()
  async runs(
    @Query() query: ListSyncRunsQueryDto,
    @CallerVisibility() visibility: Visibility,
  ): Promise<SyncRunListResponse> {
    // A limited key lists the runs of its connections only, whatever it asked for.
    const connections = visibility.select(
      this.registry,
      query.vendor === undefined ? undefined : [query.vendor],
      query.connection === undefined ? undefined : [query.connection],
    );
    // The filter as the cursor remembers it: the vendor alone keeps the cursors of before connections.
    const filter =
      query.connection === undefined
        ? (query.vendor ?? null)
        : `${query.vendor ?? ''}/${query.connection}`;
    let before: number | undefined;
    if (query.cursor !== undefined) {
      before = SYNC_RUNS_CURSOR.decode(query.cursor, [filter]).before;
    }
    // One more than asked tells whether another page exists.
    const [runs, lastSuccess] = await Promise.all([
      // A filter matching no connection lists nothing (an empty list would mean "every").
      connections?.length === 0
        ? Promise.resolve([])
        : this.directory.syncRuns.list({ connections, before, limit: query.limit + 1 }),
      this.directory.syncRuns.lastSuccess(),
    ]);
    const page = runs.slice(0, query.limit);
    const more = runs.length > query.limit;
    return {
      data: page.map(view),
      nextCursor: more
        ? SYNC_RUNS_CURSOR.encode({ before: page[page.length - 1].id }, [filter])
        : null,
      lastSuccess: visibility.entries(lastSuccess),
      errors: [],
    };
  }
}

const RUN_ID = /^[1-9][0-9]{0,14}$/;

function confirmationView(confirmation: DeletionConfirmation): ConfirmDeletionsResponse {
  const count = (outcome: string) =>
    confirmation.results.filter((result) => result.outcome === outcome).length;
  return {
    data: {
      run: view(confirmation.run),
      deleted: count('deleted'),
      present: count('present'),
      alreadyDeleted: count('already_deleted'),
      unconfirmed: count('unconfirmed'),
      remaining: confirmation.remaining,
      results: confirmation.results.map((result) => ({ ...result })),
    },
  };
}

function view(run: SyncRun): SyncRunView {
  return { ...run, counts: { ...run.counts } };
}
