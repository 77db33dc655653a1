import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ConnectionFilter } from '../../common/filter-query.dto';
import { PagingQuery } from '../../common/paging-query.dto';
import { IsTimeParam } from '../../common/query-time';
import { FieldChangeView } from '../../directory/dto/changes.dto';
import { AUDIT_CURSOR } from '../audit.cursor';

export const AUDIT_OUTCOMES = ['succeeded', 'failed', 'unknown'] as const;

// PostgreSQL text cannot hold NUL, and no label or id holds a control character.
// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f]+$/;

export class ListAuditQueryDto extends IntersectionType(
  PagingQuery(
    {
      max: 1000,
      default: 100,
      description: 'Page size, 1 to 1000 (ignored by the NDJSON export, which streams everything).',
    },
    { maxLength: 4096 },
  ),
  ConnectionFilter('Only entries of this connection.'),
) {
  /** Only entries of this actor: an API key's label, or `system` (syncs, retention). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(NO_CONTROL, { message: 'actor must be a key label' })
  actor?: string;

  /** Only this action: `user.create`, `user.replace`, `user.patch`, `user.deactivate`, `user.delete`, `audit.prune`, … */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z_]*\.[a-z][a-z_]*$/, {
    message: 'action must be an action name such as user.patch',
  })
  action?: string;

  /** Only entries of this user (global id `<connection>:<vendorId>`). */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @Matches(NO_CONTROL, { message: 'target must be a global user id' })
  target?: string;

  /** Only this outcome (an intent without an outcome reads `unknown`). */
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: (typeof AUDIT_OUTCOMES)[number];

  /** Entries recorded at or after this time (RFC 3339, or a date at midnight UTC). */
  @IsOptional()
  @IsTimeParam()
  from?: string;

  /** Entries recorded before this time (RFC 3339, or a date at midnight UTC). */
  @IsOptional()
  @IsTimeParam()
  to?: string;
}

export class AuditEntryView {
  @ApiProperty({
    example: '2f0d8a4e-5c1b-4f7e-9a63-0b1c2d3e4f50',
    description: 'The write id shared by the entry’s intent and outcome records',
  })
  id!: string;
  @ApiProperty({
    type: 'integer',
    example: 4211,
    description: 'The position of the entry’s first record in the chain',
  })
  sequence!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-11-23T10:00:12.004Z',
    description: 'When the intent was recorded (before the vendor call)',
  })
  at!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-23T10:00:12.391Z',
    description: 'When the outcome was recorded; null while none is (the entry reads `unknown`)',
  })
  finishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'req-7Hq2' }) requestId!: string | null;
  @ApiProperty({
    example: 'hr-portal',
    description: 'The API key’s label (never the key); `system` for syncs and retention',
  })
  actor!: string;
  @ApiProperty({
    example: 'rest',
    description: 'Where the write came from: `rest`, `scim`, `offboarding`, `sync`, `retention`',
  })
  channel!: string;
  @ApiProperty({
    example: 'user.deactivate',
    description:
      '`user.create`, `user.replace`, `user.patch`, `user.deactivate` (a write setting status inactive), `user.delete`, `offboarding.execute`, `audit.prune`',
  })
  action!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'credira:user_s05',
    description: 'The global id written (a create’s, once the vendor named it)',
  })
  target!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'credira' }) connection!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/FieldChangeView' },
    example: { status: { before: 'active', after: 'inactive' } },
    description:
      'The canonical fields that changed, before and after: as read back when the write succeeded, as asked otherwise. Never a secret, never vendorData',
  })
  changes!: Record<string, FieldChangeView>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: null,
    description: 'Facts of entries that are not a user’s fields (a sync run id, a prune’s range)',
  })
  details!: Record<string, unknown> | null;
  @ApiProperty({ enum: AUDIT_OUTCOMES, example: 'succeeded' }) outcome!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) errorCode!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) idempotencyKey!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) offboardingRunId!: string | null;
}

export class AuditListResponse {
  @ApiProperty({ type: [AuditEntryView] }) data!: AuditEntryView[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: AUDIT_CURSOR.encode({ after: 4211 }, {}),
    description: 'Pass as `cursor` (with the same filters) for the next page; null at the end',
  })
  nextCursor!: string | null;
}

export class AuditVerificationView {
  @ApiProperty({ example: true }) ok!: boolean;
  @ApiProperty({ type: 'integer', example: 4212, description: 'Records checked' })
  records!: number;
  @ApiProperty({
    enum: ['genesis', 'checkpoint', 'empty'],
    example: 'genesis',
    description: 'Where the chain starts: its first record, or the checkpoint retention left',
  })
  anchor!: string;
  @ApiProperty({ type: 'integer', nullable: true, example: 4212 }) lastSequence!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '9b74c9897bac770ffc029102a200c5de0f8a7d1e6a3b5c2d4e6f8a0b1c2d3e4f',
    description:
      'The newest record’s hash: keep it elsewhere to prove later that nothing before it changed',
  })
  lastHash!: string | null;
  // Inline rather than a $ref: OpenAPI 3.0 cannot make a referenced schema nullable.
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: {
      sequence: { type: 'integer', example: 4212 },
      writeId: { type: 'string', example: '2f0d8a4e-5c1b-4f7e-9a63-0b1c2d3e4f50' },
      reason: {
        type: 'string',
        enum: ['hash_mismatch', 'chain_break', 'unanchored'],
        example: 'hash_mismatch',
        description:
          '`hash_mismatch`: the record was altered; `chain_break`: a record before it was removed or inserted; `unanchored`: the oldest record follows neither the start nor a retention checkpoint',
      },
    },
    required: ['sequence', 'writeId', 'reason'],
    example: null,
    description: 'The first broken record; null when the chain verifies',
  })
  broken!: { sequence: number; writeId: string; reason: string } | null;
}
