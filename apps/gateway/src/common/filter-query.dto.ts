import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { normalizeEmail } from '@userbridge/canonical';

/*
 * The filters many listings share, declared once and inherited (with
 * `IntersectionType` beside the listing's own). Each listing gives the
 * description; the OpenAPI metadata is explicit, as in paging-query.dto.ts.
 */

/** A connection name, and a vendor kind: lower-case, digits and dashes, up to 32. */
const NAME = '^[a-z][a-z0-9-]{0,31}$';
const NAME_PATTERN = new RegExp(NAME);
const CONNECTION_MESSAGE = 'connection must be a connection name such as desk-eu';
const VENDOR_MESSAGE = 'vendor must be a vendor name such as convirza';

/** `?vendor=a,b` and `?vendor=a&vendor=b` both give ['a', 'b']. */
export const commaList = ({ value }: { value: unknown }): unknown => {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) =>
    typeof v === 'string' ? v.split(',') : [v],
  );
  return parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter((p) => p !== '');
};

/** `connection`: one connection name. */
export function ConnectionFilter(description: string) {
  class ConnectionFilterDto {
    @ApiPropertyOptional({ pattern: NAME, description })
    @IsOptional()
    @Matches(NAME_PATTERN, { message: CONNECTION_MESSAGE })
    connection?: string;
  }
  return ConnectionFilterDto;
}

/** `vendor`: one vendor kind. */
export function VendorFilter(description: string) {
  class VendorFilterDto {
    @ApiPropertyOptional({ pattern: NAME, description })
    @IsOptional()
    @Matches(NAME_PATTERN, { message: VENDOR_MESSAGE })
    vendor?: string;
  }
  return VendorFilterDto;
}

/** `vendor` and `connection`, each a comma-separated list (or the parameter repeated). */
export function ConnectionListFilters(descriptions: { vendor: string; connection: string }) {
  class ConnectionListFiltersDto {
    @ApiPropertyOptional({
      type: 'array',
      items: { type: 'string', pattern: NAME },
      maxItems: 20,
      description: descriptions.vendor,
    })
    @IsOptional()
    @Transform(commaList)
    @ArrayMaxSize(20)
    @Matches(NAME_PATTERN, { each: true, message: `each ${VENDOR_MESSAGE}` })
    vendor?: string[];

    @ApiPropertyOptional({
      type: 'array',
      items: { type: 'string', pattern: NAME },
      maxItems: 100,
      description: descriptions.connection,
    })
    @IsOptional()
    @Transform(commaList)
    @ArrayMaxSize(100)
    @Matches(NAME_PATTERN, { each: true, message: `each ${CONNECTION_MESSAGE}` })
    connection?: string[];
  }
  return ConnectionListFiltersDto;
}

/** `email`: one address, compared trimmed and case-insensitively (normalised here). */
export function EmailFilter(description: string) {
  class EmailFilterDto {
    @ApiPropertyOptional({ format: 'email', maxLength: 254, description })
    @IsOptional()
    @IsString()
    @MaxLength(254)
    @Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (normalizeEmail(value) ?? value) : value,
    )
    @IsEmail({}, { message: 'email must be an email address' })
    email?: string;
  }
  return EmailFilterDto;
}
