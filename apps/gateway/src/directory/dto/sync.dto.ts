import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { SYNC_OUTCOMES, WITHHELD_OUTCOMES } from '@userbridge/directory';
import { ConnectionFilter, VendorFilter } from '../../common/filter-query.dto';
import { PagingQuery } from '../../common/paging-query.dto';
import { VendorErrorEntry } from '../../users/dto/user-list.response';
import { SYNC_RUNS_CURSOR } from '../sync-runs.cursor';

export class StartSyncQueryDto extends IntersectionType(
  VendorFilter('Only the connections of this vendor kind (default: every connection).'),
  ConnectionFilter(
    'Only this connection (default: every connection); with `vendor`, it must be of that kind.',
  ),
) {}

export class ListSyncRunsQueryDto extends IntersectionType(
  StartSyncQueryDto,
  PagingQuery(
    { max: 200, default: 20, description: 'Page size, 1 to 200 (newest runs first).' },
    { maxLength: 200, description: 'Opaque: the nextCursor of the previous page.' },
  ),
) {}

export class SyncCountsView {
  @ApiProperty({ type: 'integer', example: 100000, description: 'Users read from the vendor' })
  usersRead!: number;
  @ApiProperty({ type: 'integer', example: 100, description: 'Vendor list pages read' })
  pages!: number;
  @ApiProperty({ type: 'integer', example: 12 }) created!: number;
  @ApiProperty({ type: 'integer', example: 1000 }) updated!: number;
  @ApiProperty({ type: 'integer', example: 3 }) deactivated!: number;
  @ApiProperty({ type: 'integer', example: 1 }) reactivated!: number;
  @ApiProperty({
    type: 'integer',
    example: 2,
    description: 'Users a complete, successful run no longer found at the vendor',
  })
  deleted!: number;
  @ApiProperty({
    type: 'integer',
    example: 0,
    description: 'Records the vendor sent that could not be mapped',
  })
  rejected!: number;
  @ApiProperty({
    type: 'integer',
    example: 1,
    description:
      'Users missing from the list whom a get by id did not confirm gone (found, or the get failed): left in place',
  })
  deletionsSkipped!: number;
  @ApiProperty({
    type: 'integer',
    example: 0,
    description:
      'Users missing from the list whom the run did not delete because of the mass-deletion guard or the ' +
      'confirmation bound: they wait for POST /v1/sync/runs/{id}/confirm-deletions',
  })
  deletionsWithheld!: number;
  @ApiProperty({
    type: 'integer',
    example: 0,
    description:
      'Users read in a page requested before their last write through the gateway: the written data was kept',
  })
  staleSkipped!: number;
}

export class SyncErrorView {
  @ApiProperty({ example: 'vendor_error' }) code!: string;
  @ApiProperty({ example: 'credira answered HTTP 500' }) message!: string;
}

export class SyncRunView {
  @ApiProperty({ type: 'integer', example: 42 }) id!: number;
  @ApiProperty({ example: 'credira', description: 'The connection synced' }) connection!: string;
  @ApiProperty({ example: 'credira', description: 'Its vendor kind' }) vendor!: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-23T10:00:00.000Z' })
  startedAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-23T10:00:21.350Z',
  })
  finishedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-11-23T10:00:21.300Z',
    description: 'Last sign of life of the process running it (renewed every page)',
  })
  heartbeatAt!: string;
  @ApiProperty({
    enum: SYNC_OUTCOMES,
    example: 'succeeded',
    description:
      '`running`; `succeeded` (users not seen and confirmed gone with a get by id were marked deleted, unless ' +
      'withheld: see `counts`); `incomplete` (the list contradicted itself: what was read is stored, nothing deleted); ' +
      '`failed` (nothing deleted); `abandoned` (its process stopped renewing its lease; nothing deleted)',
  })
  outcome!: string;
  @ApiProperty({ type: SyncCountsView }) counts!: SyncCountsView;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description:
      'Why a run deleted nobody or not everyone absent (the guard, the confirmation bound, unconfirmed ' +
      'absences), or why it is incomplete',
  })
  deletionSkipped!: string | null;
  // Inline rather than a $ref: OpenAPI 3.0 cannot make a referenced schema nullable.
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: {
      code: { type: 'string', example: 'vendor_error' },
      message: { type: 'string', example: 'credira answered HTTP 500' },
    },
    required: ['code', 'message'],
    example: null,
    description: 'Why the run failed (null unless it failed)',
  })
  error!: SyncErrorView | null;
}

export class StartedSyncRunView extends SyncRunView {
  @ApiProperty({
    example: true,
    description:
      'true: this request started the run; false: a run of this connection was already running (here or in another gateway process) and is the one answered',
  })
  started!: boolean;
}

export class StartSyncResponse {
  @ApiProperty({ type: [StartedSyncRunView] }) data!: StartedSyncRunView[];
}

export class SyncRunListResponse {
  @ApiProperty({ type: [SyncRunView] }) data!: SyncRunView[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: SYNC_RUNS_CURSOR.encode({ before: 42 }, [null]),
  })
  nextCursor!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', format: 'date-time' },
    example: { convirza: '2026-11-23T10:00:19.000Z', desk: '2026-11-23T10:00:12.000Z' },
    description:
      'When each connection was last synced successfully (by any process), by connection',
  })
  lastSuccess!: Record<string, string>;
  @ApiProperty({
    type: [VendorErrorEntry],
    example: [],
    description: 'Always empty: runs come from the store',
  })
  errors!: VendorErrorEntry[];
}

export class WithheldDeletionResult {
  @ApiProperty({ example: 'credira:user_400000101' }) userId!: string;
  @ApiProperty({
    enum: WITHHELD_OUTCOMES,
    example: 'deleted',
    description:
      '`deleted` (the vendor answered not found: marked deleted, with a `deleted` change); `present` (the vendor ' +
      'has the user: kept); `already_deleted` (the directory had marked it deleted meanwhile); `unconfirmed` (the ' +
      'get failed: still withheld, a later call retries it)',
  })
  outcome!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Why the get failed (an error code), for `unconfirmed`',
  })
  errorCode!: string | null;
}

export class DeletionConfirmationView {
  @ApiProperty({ type: SyncRunView, description: 'The run whose withheld deletions were checked' })
  run!: SyncRunView;
  @ApiProperty({ type: 'integer', example: 5 }) deleted!: number;
  @ApiProperty({ type: 'integer', example: 95 }) present!: number;
  @ApiProperty({ type: 'integer', example: 0 }) alreadyDeleted!: number;
  @ApiProperty({ type: 'integer', example: 0 }) unconfirmed!: number;
  @ApiProperty({
    type: 'integer',
    example: 0,
    description:
      "Withheld deletions of the run still waiting: beyond this call's bound (SYNC_DELETE_CONFIRM_MAX) or unconfirmed; call again",
  })
  remaining!: number;
  @ApiProperty({
    type: [WithheldDeletionResult],
    description: 'One entry per user checked by this call',
  })
  results!: WithheldDeletionResult[];
}

export class ConfirmDeletionsResponse {
  @ApiProperty({ type: DeletionConfirmationView }) data!: DeletionConfirmationView;
}
