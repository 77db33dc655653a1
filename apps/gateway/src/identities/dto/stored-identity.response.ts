import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VendorErrorEntry } from '../../users/dto/user-list.response';
import { ConflictView, IdentitySummaryResponse, IdentityView } from './identity.response';

export class ReconciliationRunRef {
  @ApiProperty({ type: 'integer', example: 17, description: 'The stored reconciliation run' })
  id!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-11-23T10:00:24.120Z',
    description: 'When the run ended: the report is the world as synced at that time',
  })
  finishedAt!: string;
  @ApiProperty({ type: [String], example: ['convirza', 'credira', 'desk'] })
  vendorsRead!: string[];
}

export class IdentityReportMeta {
  @ApiProperty({
    enum: ['store', 'live'],
    example: 'store',
    description: '`store`: the latest stored reconciliation run; `live`: every vendor was read now',
  })
  source!: 'store' | 'live';
  @ApiPropertyOptional({ type: ReconciliationRunRef, description: 'The run (store only)' })
  run?: ReconciliationRunRef;
}

export class StoredConflictView extends ConflictView {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-11-11T09:30:00.000Z',
    description:
      'Store only: when this conflict was first seen (sort by it for the oldest offboarding gaps)',
  })
  firstSeenAt?: string;
}

export class StoredIdentityView extends IdentityView {
  @ApiProperty({ type: [StoredConflictView] })
  declare conflicts: StoredConflictView[];
}

export class StoredIdentityListResponse {
  @ApiProperty({ type: [StoredIdentityView] }) data!: StoredIdentityView[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'r.eyJ2IjoxLCJyIjoxNywiYSI6NTAsInEiOiIuLi4ifQ',
  })
  nextCursor!: string | null;
  @ApiProperty({
    type: [VendorErrorEntry],
    description:
      'Vendors that could not be read (never synced, or live read failed): no missing_in conflict names them',
  })
  errors!: VendorErrorEntry[];
  @ApiProperty({ type: IdentityReportMeta }) meta!: IdentityReportMeta;
}

export class OffboardingGapView {
  @ApiProperty({ example: 'desk', description: 'The connection where the person is still active' })
  activeConnection!: string;
  @ApiProperty({
    example: 'credira',
    description: 'The connection where they are inactive or deleted',
  })
  inactiveConnection!: string;
  @ApiProperty({ example: 'desk', description: 'The vendor kind of activeConnection' })
  activeVendor!: string;
  @ApiProperty({ example: 'credira', description: 'The vendor kind of inactiveConnection' })
  inactiveVendor!: string;
  @ApiProperty({ example: 'idn_3f0c1b2a4d5e6f70' }) identityId!: string;
  @ApiProperty({ example: 'active at desk but inactive at credira (credira:user_s05)' })
  message!: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-11T09:30:00.000Z' })
  firstSeenAt!: string;
}

export class StoredSummaryResponse extends IdentitySummaryResponse {
  @ApiPropertyOptional({
    type: [OffboardingGapView],
    description: 'Store only: the oldest still-open offboarding gap per pair of vendors',
  })
  oldestOpenGaps?: OffboardingGapView[];
  @ApiProperty({ type: IdentityReportMeta }) meta!: IdentityReportMeta;
}

export class ConflictHistoryView {
  @ApiProperty({ example: 'status_mismatch|convirza:50005', description: 'The conflict over time' })
  key!: string;
  @ApiProperty({ example: 'idn_3f0c1b2a4d5e6f70' }) identityId!: string;
  @ApiProperty({ example: 'status_mismatch' }) type!: string;
  @ApiProperty({ enum: ['high', 'medium', 'low'], example: 'high' }) severity!: string;
  @ApiProperty({ example: 'active at convirza but suspended at credira (credira:user_s05)' })
  message!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { active: ['convirza:50005'], inactive: ['credira:user_s05'], deleted: [] },
  })
  evidence!: Record<string, unknown>;
  @ApiProperty({ type: [String], example: ['convirza:50005', 'credira:user_s05'] })
  members!: string[];
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-11T09:30:00.000Z' })
  firstSeenAt!: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-23T10:00:24.120Z' })
  lastSeenAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-23T10:00:24.120Z',
    description: 'When a run no longer found the conflict (the gap closed); null while open',
  })
  resolvedAt!: string | null;
}

export class IdentityHistoryResponse {
  @ApiProperty({ type: [ConflictHistoryView] }) data!: ConflictHistoryView[];
}
