import { ApiProperty } from '@nestjs/swagger';
import { CanonicalUser } from '@userbridge/canonical';
import { ERROR_CODES } from '@userbridge/vendor-core';

export class VendorErrorEntry {
  @ApiProperty({ example: 'desk' })
  vendor!: string;

  @ApiProperty({ enum: ERROR_CODES, example: 'vendor_timeout' })
  code!: string;

  @ApiProperty({ example: 'desk did not answer within 5000 ms' })
  message!: string;
}

export class UserListResponse {
  @ApiProperty({ type: [CanonicalUser] })
  data!: CanonicalUser[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'eyJ2IjoxLCJxIjoiLi4uIiwibyI6eyJjb252aXJ6YSI6MTd9fQ',
  })
  nextCursor!: string | null;

  @ApiProperty({
    type: [VendorErrorEntry],
    description: 'Vendors that could not be read for this page',
  })
  errors!: VendorErrorEntry[];
}
