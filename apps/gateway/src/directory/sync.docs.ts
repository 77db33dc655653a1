import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { ApiErrors, READ_ERRORS, STORE_ERRORS } from '../docs/api-responses';
import { SYNC_RUN_EXAMPLE } from './directory-examples';
import { ConfirmDeletionsResponse, StartSyncResponse, SyncRunListResponse } from './dto/sync.dto';
import { SYNC_RUNS_CURSOR } from './sync-runs.cursor';
import { ApiDoc } from '../docs/api-doc';

// The OpenAPI prose of /v1/sync, one entry per handler of SyncController.

export const SyncDocs = {
  start: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
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
      }),
      ApiAcceptedResponse({
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
      }),
      ApiErrors('invalid', 'unauthorized', 'forbidden', 'rateLimited', ...STORE_ERRORS),
    ),
  confirmDeletions: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'confirmSyncDeletions',
        summary: 'Confirm the deletions a sync run withheld, one get by id each',
        description:
          'A run that found more users absent than the mass-deletion guard allows (or more than SYNC_DELETE_CONFIRM_MAX) ' +
          'deleted nobody and kept them, `counts.deletionsWithheld`. This asks the vendor for each of them again: only a ' +
          'not-found marks the user deleted (with a `deleted` change attributed to the run); a user the vendor has is kept, ' +
          'a failed get stays withheld for a later call. At most SYNC_DELETE_CONFIRM_MAX users per call: `remaining` says ' +
          'how many still wait. A later run never settles them by itself.',
      }),
      ApiParam({ name: 'id', description: 'The sync run id', example: '42' }),
      ApiOkResponse({
        description: 'What was done with each withheld deletion checked',
        type: ConfirmDeletionsResponse,
        example: {
          data: {
            run: {
              ...SYNC_RUN_EXAMPLE,
              counts: { ...SYNC_RUN_EXAMPLE.counts, deletionsWithheld: 2 },
            },
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
      }),
      ApiErrors(
        'invalidRunId',
        'unauthorized',
        'forbidden',
        'rateLimited',
        'runNotFound',
        ...STORE_ERRORS,
      ),
    ),
  runs: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'listSyncRuns',
        summary: 'Sync runs, newest first, with their progress and outcome',
        description:
          'A running run shows its counts so far (users read, pages) and `heartbeatAt`; a finished one its outcome, counts ' +
          'and error. A run whose process stopped renewing its lease (SYNC_LEASE_SECONDS) is shown `abandoned`. ' +
          '`lastSuccess` names when each vendor was last synced (a succeeded or incomplete run).',
      }),
      ApiOkResponse({
        description: 'A page of sync runs, newest first',
        type: SyncRunListResponse,
        example: {
          data: [SYNC_RUN_EXAMPLE],
          nextCursor: SYNC_RUNS_CURSOR.encode({ before: 42 }, [null]),
          lastSuccess: { credira: '2026-11-23T10:00:21.350Z' },
          errors: [],
        },
      }),
      ApiErrors(...READ_ERRORS, ...STORE_ERRORS),
    ),
};
