import { IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CANONICAL_ROLES, CanonicalRole, USER_STATUSES, UserStatus } from '@userbridge/canonical';
import { ConnectionListFilters, EmailFilter } from '../../common/filter-query.dto';
import { PagingQuery } from '../../common/paging-query.dto';
import { IsTimeParam } from '../../common/query-time';

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
  ConnectionListFilters({
    vendor:
      'Vendor kinds to read, comma-separated: every connection of each (default: every connection).',
    connection:
      'Connections to read, comma-separated (default: every connection); with `vendor`, those of both.',
  }),
  EmailFilter('Exact email, compared trimmed and case-insensitively.'),
) {
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
