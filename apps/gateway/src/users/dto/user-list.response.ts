import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CanonicalUser } from '@userbridge/canonical';
import { ERROR_CODES } from '@userbridge/vendor-core';

/** A list entry's code: a domain error code, or `invalid_record` for one vendor record dropped as unreadable. */
export const INVALID_RECORD = 'invalid_record';
export const VENDOR_ERROR_ENTRY_CODES = [...ERROR_CODES, INVALID_RECORD] as const;

export class VendorErrorEntry {
  @ApiProperty({ example: 'desk' })
  vendor!: string;

  @ApiProperty({ enum: VENDOR_ERROR_ENTRY_CODES, example: 'vendor_timeout' })
  code!: string;

  @ApiProperty({ example: 'desk did not answer within 5000 ms' })
  message!: string;

  @ApiPropertyOptional({
    example: 'u-7f3a',
    description:
      'With code invalid_record: the vendor id of the one record that could not be read, when it has one',
  })
  vendorId?: string;
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
    description:
      'Vendors that could not be read for this page, and single vendor records dropped as unreadable (code invalid_record)',
  })
  errors!: VendorErrorEntry[];
}
