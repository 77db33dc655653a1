import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VENDOR_OPERATIONS, VendorOperation } from '@userbridge/vendor-core';
import { VendorErrorEntry } from '../users/dto/user-list.response';

export class VendorHealth {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status!: 'up' | 'down';

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 12,
    description: 'Duration of the probe call',
  })
  latencyMs!: number;

  @ApiPropertyOptional({ example: 'vendor_timeout' })
  code?: string;

  @ApiPropertyOptional({ example: 'desk did not answer within 5000 ms' })
  message?: string;
}

export class VendorStatus {
  @ApiProperty({
    example: 'convirza',
    description: 'The connection: the prefix of its global ids, `?connection=` of lists',
  })
  name!: string;

  @ApiProperty({ example: 'convirza', description: 'The vendor kind: `?vendor=` of lists' })
  vendor!: string;

  @ApiProperty({ example: 'Convirza' })
  displayName!: string;

  @ApiProperty({
    enum: VENDOR_OPERATIONS,
    isArray: true,
    example: ['get', 'list', 'create', 'replace', 'patch', 'delete'],
  })
  capabilities!: VendorOperation[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: {
      patch: 'the desk API has no partial update ...',
      delete: 'the desk API documents no user delete',
    },
    description:
      'Each operation the vendor does not support, with the reason (a call to it is a 405)',
  })
  unsupported!: Partial<Record<VendorOperation, string>>;

  @ApiProperty({ example: 'a positive integer' })
  idFormat!: string;

  @ApiProperty({ type: VendorHealth })
  health!: VendorHealth;
}

export class VendorListResponse {
  @ApiProperty({ type: [VendorStatus] })
  data!: VendorStatus[];

  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: null;

  @ApiProperty({ type: [VendorErrorEntry] })
  errors!: VendorErrorEntry[];
}
