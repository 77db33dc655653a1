import { IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  CANONICAL_ROLES,
  CanonicalRole,
  normalizeEmail,
  USER_STATUSES,
  UserStatus,
} from '@userbridge/canonical';
import { PagingQuery } from '../../common/paging-query.dto';
import { IsTimeParam } from '../../common/query-time';

/** `?vendor=a,b` and `?vendor=a&vendor=b` both give ['a', 'b']. */
export const commaList = ({ value }: { value: unknown }): unknown => {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) =>
    typeof v === 'string' ? v.split(',') : [v],
  );
  return parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter((p) => p !== '');
};

export const INCLUDE_OPTIONS = ['vendorData'] as const;
export const READ_SOURCES = ['store', 'live'] as const;
export type ReadSource = (typeof READ_SOURCES)[number];

export class GetUserQueryDto {
  /** `vendorData` adds the vendor's own payload (secrets removed); read live only. */
  @IsOptional()
  @IsIn(INCLUDE_OPTIONS)
  include?: 'vendorData';

  /**
   * `live` asks the vendors now; `store` answers from the directory (the synced
   * copy). Default: live for one user, the store for lists once synced.
   */
  @IsOptional()
  @IsIn(READ_SOURCES)
  source?: ReadSource;
}

export class ListUsersQueryDto extends IntersectionType(
  GetUserQueryDto,
  PagingQuery({ max: 200, default: 50, description: 'Page size, 1 to 200.' }, { maxLength: 4096 }),
) {
  /** Vendor kinds to read, comma-separated: every connection of each (default: every connection). */
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(20)
  @Matches(/^[a-z][a-z0-9-]{0,31}$/, {
    each: true,
    message: 'each vendor must be a vendor name such as convirza',
  })
  vendor?: string[];

  /** Connections to read, comma-separated (default: every connection); with `vendor`, those of both. */
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(100)
  @Matches(/^[a-z][a-z0-9-]{0,31}$/, {
    each: true,
    message: 'each connection must be a connection name such as desk-eu',
  })
  connection?: string[];

  /** Exact email, compared trimmed and case-insensitively. */
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (normalizeEmail(value) ?? value) : value,
  )
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string;

  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatus;

  @IsOptional()
  @IsIn(CANONICAL_ROLES)
  role?: CanonicalRole;

  /**
   * Store only: users whose change the directory recorded at or after this time: an RFC 3339
   * time with `Z` or an offset (`2026-11-23T10:00:00Z`), or a date (`2026-11-23`, midnight UTC).
   */
  @IsOptional()
  @IsTimeParam()
  updatedSince?: string;

  /**
   * Store only: prefix of the email, first, last or display name, compared case-insensitively
   * and Unicode-normalised (NFC) on both sides.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;
}
