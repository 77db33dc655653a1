import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** What one listing allows as `limit`. */
export interface LimitParam {
  /** The largest page a caller may ask for. */
  max: number;
  /** The page size when none is asked for. */
  default: number;
  description?: string;
}

/** What one listing allows as `cursor`. */
export interface CursorParam {
  maxLength: number;
  description?: string;
}

const SAME_FILTERS =
  'Opaque: pass back the nextCursor of the previous page, with the same filters.';

/*
 * The paging parameters, declared once and inherited by each listing's query
 * DTO (`class ListXQueryDto extends PagingQuery(...)`). Their OpenAPI metadata
 * is explicit: bounds and descriptions are each listing's arguments, not the
 * literals and doc comments the swagger CLI plugin reads, and the plugin would
 * call `limit` required (it has a default, not a `?`).
 */

/** A query with `limit`: a whole number from 1 to `max`, `default` when absent. */
export function LimitQuery(limit: LimitParam) {
  class LimitQueryDto {
    @ApiPropertyOptional({
      type: 'integer',
      minimum: 1,
      maximum: limit.max,
      default: limit.default,
      description: limit.description,
    })
    @IsOptional()
    @Type(() => Number)
    @IsInt({ message: 'limit must be a whole number' })
    @Min(1)
    @Max(limit.max)
    limit: number = limit.default;
  }
  return LimitQueryDto;
}

/** A query with `limit` and an opaque `cursor` (the previous page's `nextCursor`). */
export function PagingQuery(limit: LimitParam, cursor: CursorParam) {
  class PagingQueryDto extends LimitQuery(limit) {
    @ApiPropertyOptional({
      maxLength: cursor.maxLength,
      description: cursor.description ?? SAME_FILTERS,
    })
    @IsOptional()
    @IsString()
    @MaxLength(cursor.maxLength)
    cursor?: string;
  }
  return PagingQueryDto;
}
