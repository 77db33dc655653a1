import { Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DIRECTORY, Directory, SyncRun } from '@userbridge/directory';
import { VendorRegistry } from '@userbridge/vendor-core';
import { RequiresScope } from '../auth/auth.decorators';
import { ApiErrors, READ_ERRORS, STORE_ERRORS } from '../docs/api-responses';
import { SYNC_RUN_EXAMPLE } from './directory-examples';
import {
  ListSyncRunsQueryDto,
  StartSyncQueryDto,
  StartSyncResponse,
  SyncRunListResponse,
  SyncRunView,
} from './dto/sync.dto';
import { SYNC_RUNS_CURSOR } from './sync-runs.cursor';
import { SyncCoordinator } from './sync-coordinator.service';

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
  @ApiOperation({
    operationId: 'startSync',
    summary: 'Sync the directory with every vendor now (or ?vendor=)',
    description:
      'Starts a run per vendor that reads every user of the vendor and updates the directory: a change is recorded for every user ' +
      'that appeared, changed, was deactivated or reactivated, and a complete, successful run marks the users it no longer ' +
      'found as deleted (a failed run deletes nobody). Answers at once with the runs; follow them with GET /v1/sync/runs. ' +
      'When a run of a vendor is already running (in this or another gateway process sharing the database), that run is ' +
      'answered with `started: false` instead of a second one. Reconciliation runs over the stored users when the runs end.',
  })
  @ApiAcceptedResponse({
    description: 'The runs started, or already running, one per vendor',
    type: StartSyncResponse,
    example: {
      data: [
        { ...SYNC_RUN_EXAMPLE, finishedAt: null, outcome: 'running', started: true },
        {
          ...SYNC_RUN_EXAMPLE,
          id: 41,
          vendor: 'desk',
          finishedAt: null,
          outcome: 'running',
          started: false,
        },
      ],
    },
  })
  @ApiErrors('invalid', 'unauthorized', 'forbidden', 'rateLimited', ...STORE_ERRORS)
  async start(@Query() query: StartSyncQueryDto): Promise<StartSyncResponse> {
    const starts = await this.coordinator.start(
      query.vendor === undefined ? undefined : [this.registry.get(query.vendor).name],
    );
    return { data: starts.map((start) => ({ ...view(start.run), started: start.started })) };
  }

  @Get('runs')
  @ApiOperation({
    operationId: 'listSyncRuns',
    summary: 'Sync runs, newest first, with their progress and outcome',
    description:
      'A running run shows its counts so far (users read, pages) and `heartbeatAt`; a finished one its outcome, counts ' +
      'and error. `lastSuccess` names when each vendor was last synced successfully.',
  })
  @ApiOkResponse({
    description: 'A page of sync runs, newest first',
    type: SyncRunListResponse,
    example: {
      data: [SYNC_RUN_EXAMPLE],
      nextCursor: SYNC_RUNS_CURSOR.encode({ before: 42 }, [null]),
      lastSuccess: { credira: '2026-11-23T10:00:21.350Z' },
      errors: [],
    },
  })
  @ApiErrors(...READ_ERRORS, ...STORE_ERRORS)
  async runs(@Query() query: ListSyncRunsQueryDto): Promise<SyncRunListResponse> {
    if (query.vendor !== undefined) this.registry.get(query.vendor);
    let before: number | undefined;
    if (query.cursor !== undefined) {
      before = SYNC_RUNS_CURSOR.decode(query.cursor, [query.vendor ?? null]).before;
    }
    // One more than asked tells whether another page exists.
    const [runs, lastSuccess] = await Promise.all([
      this.directory.syncRuns.list({ vendor: query.vendor, before, limit: query.limit + 1 }),
      this.directory.syncRuns.lastSuccess(),
    ]);
    const page = runs.slice(0, query.limit);
    const more = runs.length > query.limit;
    return {
      data: page.map(view),
      nextCursor: more
        ? SYNC_RUNS_CURSOR.encode({ before: page[page.length - 1].id }, [query.vendor ?? null])
        : null,
      lastSuccess,
      errors: [],
    };
  }
}

function view(run: SyncRun): SyncRunView {
  return { ...run, counts: { ...run.counts } };
}
