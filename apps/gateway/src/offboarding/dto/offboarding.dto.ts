import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { USER_STATUSES } from '@userbridge/canonical';
import {
  OFFBOARDING_ACTIONS,
  OFFBOARDING_OUTCOMES,
  OFFBOARDING_PLAN_STATUSES,
  OFFBOARDING_RUN_STATUSES,
} from '@userbridge/directory';
import { ConnectionFilter, VendorFilter } from '../../common/filter-query.dto';
import { PagingQuery } from '../../common/paging-query.dto';

const CONNECTION_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const CONNECTION_MESSAGE = 'each entry must be a connection name such as desk-eu';

export class GapFilterDto extends IntersectionType(
  ConnectionFilter('Only still-active accounts of this connection.'),
  VendorFilter('Only still-active accounts of connections of this vendor kind.'),
) {
  /** Only gaps open for at least this many days (first seen by reconciliation). */
  @IsOptional()
  @IsInt({ message: 'olderThanDays must be a whole number' })
  @Min(0)
  @Max(36_500)
  olderThanDays?: number;
}

export class CreatePlanDto {
  /** One identity (`idn_…` from GET /v1/identities): every account of it. */
  @ApiPropertyOptional({ example: 'idn_3f2a9c1b7d4e5f60' })
  @IsOptional()
  @IsString()
  @Matches(/^idn_[0-9a-f]{16}$/, {
    message: 'identity must be an identity id such as idn_3f2a9c1b7d4e5f60',
  })
  identity?: string;

  /** One account, by global id. */
  @ApiPropertyOptional({ example: 'convirza:50001' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  account?: string;

  /** Every still-active account of an open offboarding gap matching the filter (built in the background). */
  @ApiPropertyOptional({ type: GapFilterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GapFilterDto)
  gaps?: GapFilterDto;

  /** Connections where the plan deletes instead of deactivating (where the vendor can delete). */
  @ApiPropertyOptional({ type: [String], example: ['credira'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CONNECTION_NAME, { each: true, message: CONNECTION_MESSAGE })
  delete?: string[];
}

export class ExecutePlanDto {
  /** The plan's `hash`, as the plan answered it. */
  @ApiProperty({ example: 'sK3u9QzW1b0fH2pX8dVt4A' })
  @IsString()
  @MaxLength(100)
  hash!: string;

  /** Every connection where the plan deletes, named again (the key also needs `admin`). */
  @ApiPropertyOptional({ type: [String], example: ['credira'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CONNECTION_NAME, { each: true, message: CONNECTION_MESSAGE })
  confirmDelete?: string[];
}

export class PageQueryDto extends PagingQuery(
  { max: 1000, default: 200, description: 'Steps per page, 1 to 1000.' },
  { maxLength: 400, description: 'Opaque: the nextCursor of the previous page of steps.' },
) {}

export class PlanStepView {
  @ApiProperty({ example: 'convirza:50001', description: 'The account (global id)' })
  account!: string;
  @ApiProperty({ example: 'convirza' }) connection!: string;
  @ApiProperty({ example: 'convirza', description: 'Its vendor kind' }) vendor!: string;
  @ApiProperty({
    enum: USER_STATUSES,
    example: 'active',
    description:
      'The status read live when planned (`deleted` also when the vendor no longer has it)',
  })
  currentStatus!: string;
  @ApiProperty({
    enum: OFFBOARDING_ACTIONS,
    example: 'deactivate',
    description:
      '`deactivate`; `delete` (only at a connection the request named in `delete`, where the vendor can delete); ' +
      '`none` (already inactive or gone: `reason` says which); `unsupported` (the vendor cannot: `reason` says why)',
  })
  action!: string;
  @ApiProperty({
    example: true,
    description: 'Whether the step can be undone (false for every delete here)',
  })
  reversible!: boolean;
  @ApiPropertyOptional({
    example: 'desk cannot delete (the desk API documents no user delete): deactivated instead',
  })
  reason?: string;
}

export class PlanErrorView {
  @ApiProperty({ example: 'vendor_error' }) code!: string;
  @ApiProperty({ example: 'credira answered HTTP 500' }) message!: string;
}

export class PlanView {
  @ApiProperty({ example: 'obp_8c1e4a7b2d9f4e03a1b6c5d7' }) id!: string;
  @ApiProperty({
    enum: OFFBOARDING_PLAN_STATUSES,
    example: 'ready',
    description:
      '`building` (a gaps plan still reading its accounts), `ready`, `failed` (see `error`)',
  })
  status!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'sK3u9QzW1b0fH2pX8dVt4A',
    description: 'Present once ready: executing needs it',
  })
  hash!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'After this, executing is refused (plan again): OFFBOARDING_PLAN_TTL_SECONDS',
  })
  expiresAt!: string;
  @ApiProperty({ type: [String], example: [], description: 'Connections where it deletes' })
  delete!: string[];
  @ApiProperty({ type: 'integer', example: 3 }) stepCount!: number;
  @ApiProperty({ type: [PlanStepView] }) steps!: PlanStepView[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'The next page of steps',
  })
  nextCursor!: string | null;
  @ApiPropertyOptional({ type: PlanErrorView, description: 'Why building failed' })
  error?: PlanErrorView;
  @ApiPropertyOptional({
    type: String,
    example: 'obr_5d2f0e9a8b7c4d31a2e6f4b0',
    description: 'The plan’s run, once executed',
  })
  runId?: string;
}

export class RunStepView {
  @ApiProperty({ example: 'convirza:50001' }) account!: string;
  @ApiProperty({ enum: OFFBOARDING_ACTIONS, example: 'deactivate' }) action!: string;
  @ApiProperty({
    enum: OFFBOARDING_OUTCOMES,
    example: 'succeeded',
    description:
      '`pending` (not dealt with yet); `succeeded` (written and read back in the new state); `already_done` (the ' +
      'account was found in that state: nothing written); `failed` (see `errorCode`, `retryable`); `unknown` (the ' +
      "vendor's answer was lost and the read-back failed too: executing again decides); `skipped` (nothing to do, " +
      'unsupported, or the account changed since planning: `errorCode` says which)',
  })
  outcome!: string;
  @ApiPropertyOptional({ example: 'vendor_error' }) errorCode?: string;
  @ApiPropertyOptional({ example: true, description: 'Whether executing again may succeed' })
  retryable?: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) finishedAt?: string;
}

export class RunCountsView {
  @ApiProperty({ type: 'integer' }) pending!: number;
  @ApiProperty({ type: 'integer' }) succeeded!: number;
  @ApiProperty({ type: 'integer' }) already_done!: number;
  @ApiProperty({ type: 'integer' }) failed!: number;
  @ApiProperty({ type: 'integer' }) unknown!: number;
  @ApiProperty({ type: 'integer' }) skipped!: number;
}

export class RunView {
  @ApiProperty({ example: 'obr_5d2f0e9a8b7c4d31a2e6f4b0' }) id!: string;
  @ApiProperty({ example: 'obp_8c1e4a7b2d9f4e03a1b6c5d7' }) planId!: string;
  @ApiProperty({
    enum: OFFBOARDING_RUN_STATUSES,
    example: 'running',
    description:
      '`running`; `succeeded` (every step done or nothing to do); `partial` (some done, some failed, unknown or ' +
      'changed since planning); `failed` (none done)',
  })
  status!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: RunCountsView }) counts!: RunCountsView;
  @ApiProperty({ type: [RunStepView] }) steps!: RunStepView[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'The next page of steps',
  })
  nextCursor!: string | null;
}
