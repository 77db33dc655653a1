import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { DeletionConfirmation, DIRECTORY, Directory, SyncRun } from '@userbridge/directory';
import { InvalidRequestError } from '@userbridge/errors';
import { VendorRegistry } from '@userbridge/vendor-core';
import { RequiresScope } from '../auth/auth.decorators';
import { CallerVisibility, Visibility } from '../auth/visibility';
import { ApiErrors, READ_ERRORS, STORE_ERRORS } from '../docs/api-responses';
import { SYNC_RUN_EXAMPLE } from './directory-examples';
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
      'that appeared, changed, was deactivated or reactivated. A complete, successful run marks a user it no longer found as ' +
      'deleted only once a get by id answers not found; past the mass-deletion guard (SYNC_DELETE_GUARD_RATIO of the stored ' +
      'users and SYNC_DELETE_GUARD_MIN users) it deletes nobody and withholds the deletions for an operator. A failed or ' +
      'incomplete run deletes nobody, and no run overwrites a user written through the gateway after its page was requested. ' +
      'Answers at once with the runs; follow them with GET /v1/sync/runs. ' +
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
          connection: 'desk',
          vendor: 'desk',
          finishedAt: null,
          outcome: 'running',
          started: false,
        },
      ],
    },
  })
  @ApiErrors('invalid', 'unauthorized', 'forbidden', 'rateLimited', ...STORE_ERRORS)
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
  @ApiOperation({
    operationId: 'confirmSyncDeletions',
    summary: 'Confirm the deletions a sync run withheld, one get by id each',
    description:
      'A run that found more users absent than the mass-deletion guard allows (or more than SYNC_DELETE_CONFIRM_MAX) ' +
      'deleted nobody and kept them, `counts.deletionsWithheld`. This asks the vendor for each of them again: only a ' +
      'not-found marks the user deleted (with a `deleted` change attributed to the run); a user the vendor has is kept, ' +
      'a failed get stays withheld for a later call. At most SYNC_DELETE_CONFIRM_MAX users per call: `remaining` says ' +
      'how many still wait. A later run never settles them by itself.',
  })
  @ApiParam({ name: 'id', description: 'The sync run id', example: '42' })
  @ApiOkResponse({
    description: 'What was done with each withheld deletion checked',
    type: ConfirmDeletionsResponse,
    example: {
      data: {
        run: { ...SYNC_RUN_EXAMPLE, counts: { ...SYNC_RUN_EXAMPLE.counts, deletionsWithheld: 2 } },
        deleted: 1,
        present: 1,
        alreadyDeleted: 0,
        unconfirmed: 0,
        remaining: 0,
        results: [
          { userId: 'credira:user_400000101', outcome: 'deleted', errorCode: null },
          { userId: 'credira:user_400000102', outcome: 'present', errorCode: null },
        ],
      },
    },
  })
  @ApiErrors(
    'invalidRunId',
    'unauthorized',
    'forbidden',
    'rateLimited',
    'runNotFound',
    ...STORE_ERRORS,
  )
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
  @ApiOperation({
    operationId: 'listSyncRuns',
    summary: 'Sync runs, newest first, with their progress and outcome',
    description:
      'A running run shows its counts so far (users read, pages) and `heartbeatAt`; a finished one its outcome, counts ' +
      'and error. A run whose process stopped renewing its lease (SYNC_LEASE_SECONDS) is shown `abandoned`. ' +
      '`lastSuccess` names when each vendor was last synced (a succeeded or incomplete run).',
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
