import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { FEED_KINDS, FeedKind } from '@userbridge/directory';
import { LimitQuery } from '../../common/paging-query.dto';
import { commaList, ConnectionListFilters } from '../../common/filter-query.dto';
import { VendorErrorEntry } from '../../users/dto/user-list.response';

export class ListChangesQueryDto extends IntersectionType(
  LimitQuery({ max: 1000, default: 100, description: 'Page size, 1 to 1000.' }),
  ConnectionListFilters({
    vendor: 'Only the connections of these vendor kinds, comma-separated.',
    connection: 'Only these connections, comma-separated; with `vendor`, those of both.',
  }),
) {
  /** Changes after this sequence number (0, the default, is the start of the feed). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'after must be a whole number (a sequence from a previous page)' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after: number = 0;

  /** Only these kinds, comma-separated. */
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(FEED_KINDS.length)
  @IsIn(FEED_KINDS, { each: true })
  kind?: FeedKind[];
}

/**
 * A canonical field's value: a string, number, boolean, list, object or null
 * (OpenAPI 3.0 says null only through a typed schema, hence on the object).
 */
const ANY_JSON_VALUE = [
  { type: 'string' },
  { type: 'number' },
  { type: 'boolean' },
  { type: 'array', items: {} },
  { type: 'object', nullable: true },
];

export class FieldChangeView {
  @ApiProperty({
    oneOf: ANY_JSON_VALUE,
    example: 'active',
    description: 'The value before (any JSON)',
  })
  before!: unknown;
  @ApiProperty({
    oneOf: ANY_JSON_VALUE,
    example: 'inactive',
    description: 'The value after (any JSON)',
  })
  after!: unknown;
}

export class ChangeView {
  @ApiProperty({
    type: 'integer',
    example: 1842,
    description: 'Increases with every change over the whole directory',
  })
  sequence!: number;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-23T10:00:12.004Z' })
  at!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'credira:user_s05',
    description: 'Global id of the user (null on an event about an identity or a run)',
  })
  userId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'credira',
    description: 'The connection of the user (null on an event: see `connections`)',
  })
  connection!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'credira', description: 'Its vendor kind' })
  vendor!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'user_s05' }) vendorId!: string | null;
  @ApiProperty({
    enum: FEED_KINDS,
    example: 'deactivated',
    description:
      "A user's change (`created` … `deleted`), an offboarding gap opened or resolved by a stored " +
      'reconciliation (`gap_opened`, `gap_resolved`), or an offboarding run completed (`offboarding_completed`)',
  })
  kind!: string;
  @ApiProperty({
    required: false,
    type: String,
    nullable: true,
    example: 'idn_3f2a9c',
    description: 'Events only: the identity it is about',
  })
  identityId?: string | null;
  @ApiProperty({
    required: false,
    type: [String],
    example: ['convirza', 'desk'],
    description:
      'Events only: every connection it touches (a limited key sees it only when it sees them all)',
  })
  connections?: string[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { conflictKey: 'status_mismatch|convirza:1', severity: 'high' },
    description: 'Events only: its particulars (the conflict, or the offboarding run and plan)',
  })
  details?: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/FieldChangeView' },
    example: { status: { before: 'active', after: 'inactive' } },
    description: 'The canonical fields that changed; never vendorData, never a secret',
  })
  fields!: Record<string, FieldChangeView>;
  @ApiProperty({
    enum: ['sync', 'write', 'reconciliation', 'offboarding'],
    example: 'sync',
    description:
      '`sync`: found by a sync run; `write`: made through this gateway; `reconciliation`: a stored ' +
      'reconciliation run (gaps); `offboarding`: an offboarding run',
  })
  source!: string;
  @ApiProperty({ type: 'integer', nullable: true, example: 42 }) syncRunId!: number | null;
}

export class ChangeFeedResponse {
  @ApiProperty({ type: [ChangeView] }) data!: ChangeView[];
  @ApiProperty({
    type: 'integer',
    example: 1842,
    description:
      'Pass as `after` to resume: the last sequence of this page (or `after` itself when empty)',
  })
  nextAfter!: number;
  @ApiProperty({ example: false, description: 'true when more changes follow right now' })
  hasMore!: boolean;
  @ApiProperty({
    type: [VendorErrorEntry],
    example: [],
    description: 'Always empty: the feed comes from the store',
  })
  errors!: VendorErrorEntry[];
}
