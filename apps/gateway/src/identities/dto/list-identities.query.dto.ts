import { IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { ConnectionFilter, EmailFilter, VendorFilter } from '../../common/filter-query.dto';
import { PagingQuery } from '../../common/paging-query.dto';
import type { IdentityFilter } from '@userbridge/reconciliation';

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export const IDENTITY_FORMATS = ['json', 'csv'] as const;

export class IdentityFiltersDto extends IntersectionType(
  VendorFilter('Identities with an account at any connection of this vendor kind.'),
  ConnectionFilter('Identities with an account at this connection.'),
  EmailFilter('Identities with an account of this email (trimmed, case-insensitive).'),
) {
  /** A conflict type: status_mismatch, role_mismatch, name_mismatch, possible_duplicate, confusable_email, unmatchable, missing_in (any connection) or missing_in:<connection>. */
  @IsOptional()
  @Matches(
    /^(status_mismatch|role_mismatch|name_mismatch|possible_duplicate|confusable_email|unmatchable|missing_in(:[a-z][a-z0-9-]{0,31})?)$/,
    {
      message:
        'conflict must be one of status_mismatch, role_mismatch, name_mismatch, possible_duplicate, confusable_email, unmatchable, missing_in or missing_in:<connection>',
    },
  )
  conflict?: string;

  /** Identities with at least one conflict of this severity. */
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: (typeof SEVERITIES)[number];
}

/** The report's filter of these query fields, the same for the stored and the live report. */
export function identityFilterOf(filters: IdentityFiltersDto): IdentityFilter {
  return {
    conflict: filters.conflict,
    vendor: filters.vendor,
    connection: filters.connection,
    email: filters.email,
    severity: filters.severity,
  };
}

export const REPORT_SOURCES = ['store', 'live'] as const;

export class ReportSourceQueryDto {
  /** `live` reads every vendor now (a one-off check); default: the latest stored reconciliation run. */
  @IsOptional()
  @IsIn(REPORT_SOURCES)
  source?: (typeof REPORT_SOURCES)[number];
}

export class ListIdentitiesQueryDto extends IntersectionType(
  IdentityFiltersDto,
  PagingQuery(
    {
      max: 500,
      default: 50,
      description: 'Page size for JSON, 1 to 500. CSV always holds every matching identity.',
    },
    { maxLength: 1024 },
  ),
) {
  /** `live` reads every vendor now (a one-off check); default: the latest stored reconciliation run. */
  @IsOptional()
  @IsIn(REPORT_SOURCES)
  source?: (typeof REPORT_SOURCES)[number];

  /** `true` to accept a CSV report without the vendors that could not be read (named in `x-userbridge-missing-connections`). */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean({ message: 'partial must be true or false' })
  partial?: boolean;

  /** `csv` for a spreadsheet (same as `Accept: text/csv`). */
  @IsOptional()
  @IsIn(IDENTITY_FORMATS)
  format?: (typeof IDENTITY_FORMATS)[number];
}
