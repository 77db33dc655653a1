import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CanonicalUser } from '@userbridge/canonical';
import { ERROR_CODES } from '@userbridge/errors';

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

export class UserListMeta {
  @ApiProperty({
    enum: ['store', 'live'],
    example: 'store',
    description: '`store`: the directory (synced copy); `live`: the vendors were asked now',
  })
  source!: 'store' | 'live';

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', format: 'date-time', nullable: true },
    example: { convirza: '2026-11-23T10:00:19.000Z', desk: '2026-11-23T10:00:12.000Z' },
    description: 'When each vendor asked for was last synced successfully; null: never',
  })
  syncedAt!: Record<string, string | null>;

  @ApiPropertyOptional({
    type: [String],
    example: ['desk'],
    description: 'Vendors never synced yet: the page was read live because of them',
  })
  notSynced?: string[];
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

  @ApiProperty({ type: UserListMeta, description: 'Where the page came from' })
  meta!: UserListMeta;
}

/** A user as the directory holds it: the canonical user plus what the directory knows. */
export class StoredUserResponse extends CanonicalUser {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description:
      'When a complete sync no longer found the user at its vendor (or it was deleted through the gateway)',
  })
  deletedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-20T08:00:00.000Z' })
  firstSeenAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-11-23T10:00:12.000Z',
    description: 'When a sync or a write last saw the user',
  })
  lastSeenAt!: string;
}
