import { ApiProperty } from '@nestjs/swagger';
import { CANONICAL_ROLES, USER_STATUSES } from '@userbridge/canonical';
import { VendorErrorEntry } from '../../users/dto/user-list.response';

export class IdentityMemberView {
  @ApiProperty({ example: 'desk:9001' }) id!: string;
  @ApiProperty({ example: 'desk', description: 'The connection of the account' })
  connection!: string;
  @ApiProperty({ example: 'desk', description: 'Its vendor kind' }) vendor!: string;
  @ApiProperty({ example: '9001' }) vendorId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'alice.walker@scenario.example' }) email!:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Alice Walker' }) displayName!:
    string | null;
  @ApiProperty({ enum: USER_STATUSES, example: 'deleted' }) status!: string;
  @ApiProperty({ enum: CANONICAL_ROLES, example: 'member' }) role!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Agent' }) vendorRole!: string | null;
  @ApiProperty({
    type: [String],
    example: ['email'],
    description: 'The rules that linked this account to the others',
  })
  linkedBy!: string[];
}

export class MatchReasonView {
  @ApiProperty({ enum: ['email', 'phone', 'external_id'], example: 'email' }) rule!: string;
  @ApiProperty({ example: 'alice.walker@scenario.example' }) value!: string;
  @ApiProperty({ type: [String], example: ['convirza:50001', 'credira:user_s01', 'desk:9001'] })
  accounts!: string[];
  @ApiProperty({
    example: true,
    description: 'Supporting evidence only: the linked accounts carry the same name',
  })
  nameAgrees!: boolean;
}

export class ConflictView {
  @ApiProperty({
    example: 'status_mismatch',
    description:
      'status_mismatch, role_mismatch, name_mismatch, possible_duplicate, missing_in:<vendor> or unmatchable',
  })
  type!: string;
  @ApiProperty({ enum: ['high', 'medium', 'low'], example: 'high' }) severity!: string;
  @ApiProperty({ example: 'active at convirza, credira but deleted at desk (desk:9001)' })
  message!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: {
      active: ['convirza:50001', 'credira:user_s01'],
      inactive: [],
      deleted: ['desk:9001'],
    },
  })
  evidence!: Record<string, unknown>;
}

export class IdentityView {
  @ApiProperty({ example: 'idn_3f0c1b2a4d5e6f70' }) id!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Alice Walker' }) displayName!:
    string | null;
  @ApiProperty({ type: [String], example: ['alice.walker@scenario.example'] }) emails!: string[];
  @ApiProperty({
    type: [String],
    example: ['convirza', 'credira', 'desk'],
    description: 'The vendor kinds of the members',
  })
  vendors!: string[];
  @ApiProperty({
    type: [String],
    example: ['convirza', 'credira', 'desk'],
    description: 'The connections of the members',
  })
  connections!: string[];
  @ApiProperty({ type: [IdentityMemberView] }) members!: IdentityMemberView[];
  @ApiProperty({ type: [MatchReasonView] }) matchReasons!: MatchReasonView[];
  @ApiProperty({
    example: 0.94,
    minimum: 0,
    maximum: 1,
    description: 'The weakest link: 1 for a single account',
  })
  confidence!: number;
  @ApiProperty({ type: [ConflictView] }) conflicts!: ConflictView[];
  @ApiProperty({ type: String, nullable: true, enum: ['high', 'medium', 'low'], example: 'high' })
  highestSeverity!: string | null;
}

export class IdentityListResponse {
  @ApiProperty({ type: [IdentityView] }) data!: IdentityView[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'eyJ2IjoxLCJxIjoiLi4uIiwiYSI6ImNvbnZpcnphOjUwMDAxIn0',
  })
  nextCursor!: string | null;
  @ApiProperty({
    type: [VendorErrorEntry],
    description: 'Vendors that could not be read: no missing_in conflict names them',
  })
  errors!: VendorErrorEntry[];
}

export class VendorTally {
  @ApiProperty({ type: 'integer', minimum: 0, example: 152 }) accounts!: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 150 }) identities!: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 137 }) active!: number;
}

export class IdentitySummaryResponse {
  @ApiProperty({ type: 'integer', minimum: 0, example: 402 }) users!: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 231 }) identities!: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 190 }) identitiesWithConflicts!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 0 },
    example: { status_mismatch: 4, 'missing_in:desk': 80 },
  })
  conflicts!: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 0 },
    example: { high: 4, medium: 6, low: 210 },
  })
  severities!: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/VendorTally' },
    description: 'By vendor kind',
  })
  vendors!: Record<string, VendorTally>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/VendorTally' },
    description: 'By connection (a connection read with no account shows zeros)',
  })
  connections!: Record<string, VendorTally>;
  @ApiProperty({
    type: [String],
    example: ['convirza', 'credira', 'desk'],
    description: 'The connections read',
  })
  vendorsRead!: string[];
  @ApiProperty({ type: [VendorErrorEntry], example: [] }) vendorsFailed!: VendorErrorEntry[];
}
