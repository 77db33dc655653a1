import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CANONICAL_ROLES, CanonicalRole, USER_STATUSES, UserStatus } from '@userbridge/canonical';
import {
  HasNoInvisibleCharacters,
  IsE164Phone,
  IsIanaTimeZone,
  IsNotBlank,
} from '../validation/write-validators';

/** Present means "set"; a null where the field is not nullable is an error, not "clear". */
const GivenNotNull = () => ValidateIf((_object, value) => value !== undefined);

export class GroupRefDto {
  /** The vendor's group id: a Convirza org unit, `desk/<id>` at the desk. */
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  id!: string;

  /** Read-only: the group's name as read. Ignored, and named in `x-userbridge-ignored-fields`. */
  @ApiPropertyOptional({ type: String, nullable: true, readOnly: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  name?: string | null;
}

/**
 * Canonical fields a caller may write. Format rules live here (the edge);
 * which fields a vendor requires or can store is checked by its adapter before
 * any vendor call.
 */
export class UserFieldsDto {
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  @HasNoInvisibleCharacters()
  firstName?: string | null;

  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  @HasNoInvisibleCharacters()
  lastName?: string | null;

  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  @HasNoInvisibleCharacters()
  displayName?: string | null;

  /** E.164, e.g. +14155550134. */
  @IsOptional()
  @IsString()
  @IsE164Phone()
  phone?: string | null;

  @GivenNotNull()
  @IsIn(CANONICAL_ROLES)
  role?: CanonicalRole;

  @GivenNotNull()
  @IsIn(USER_STATUSES)
  status?: UserStatus;

  /** IANA zone, e.g. America/New_York. */
  @IsOptional()
  @IsString()
  @IsIanaTimeZone()
  timezone?: string | null;

  /** BCP-47 tag, e.g. en-US. */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/, {
    message: 'language must be a BCP-47 tag such as en-US',
  })
  language?: string | null;

  @GivenNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => GroupRefDto)
  groups?: GroupRefDto[];

  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(128)
  @HasNoInvisibleCharacters()
  externalId?: string | null;

  @GivenNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @HasNoInvisibleCharacters()
  permissions?: string[];

  /** Write-only (desk): never echoed, never logged. Its strength rule is the desk adapter's. */
  @GivenNotNull()
  @IsString()
  @MaxLength(128)
  password?: string;

  /** Credira's company (required there on create). */
  @GivenNotNull()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  @HasNoInvisibleCharacters()
  company?: string;

  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  @HasNoInvisibleCharacters()
  department?: string | null;

  /** Convirza org unit, instead of groups[0].id. */
  @ApiPropertyOptional({ type: 'integer', minimum: 1 })
  @GivenNotNull()
  @IsInt()
  @Min(1)
  orgUnitId?: number;
}

/** The fields of a create: email and username are set or absent, never null. */
export class UserWriteDto extends UserFieldsDto {
  @GivenNotNull()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  @HasNoInvisibleCharacters()
  email?: string;

  @GivenNotNull()
  @IsString()
  @IsNotBlank()
  @MaxLength(128)
  @HasNoInvisibleCharacters()
  username?: string;
}

/**
 * The canonical user's fields the gateway makes or reads (never written): a
 * PUT or PATCH may send a user back exactly as GET answered it. `id`,
 * `connection`, `vendor` and `vendorId` must name the user in the path; the
 * others are ignored and named in the `x-userbridge-ignored-fields` header.
 */
export const IDENTIFYING_FIELDS = ['id', 'connection', 'vendor', 'vendorId'] as const;
export const IGNORED_READ_ONLY_FIELDS = [
  'vendorRole',
  'createdAt',
  'updatedAt',
  'lastLoginAt',
  'vendorData',
  'deletedAt',
  'firstSeenAt',
  'lastSeenAt',
] as const;

/**
 * A PUT or PATCH body: the writable fields, plus the read-only ones of a user
 * as read. `email` and `username` may be null, as a read answers them where
 * the vendor holds none; the adapter refuses a null that would clear a value.
 */
export class UserUpdateDto extends UserFieldsDto {
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  @HasNoInvisibleCharacters()
  email?: string | null;

  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(128)
  @HasNoInvisibleCharacters()
  username?: string | null;

  /** Read-only: must be the id in the path. */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  id?: string;

  /** Read-only: must be the connection of the id in the path. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  connection?: string;

  /** Read-only: must be the vendor of the id in the path. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  vendor?: string;

  /** Read-only: must be the vendor id in the path. */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  vendorId?: string;

  // Read-only and ignored: any value a read could have given is accepted, and named in the header.
  @Allow() vendorRole?: unknown;
  @Allow() createdAt?: unknown;
  @Allow() updatedAt?: unknown;
  @Allow() lastLoginAt?: unknown;
  @Allow() vendorData?: unknown;
  @Allow() deletedAt?: unknown;
  @Allow() firstSeenAt?: unknown;
  @Allow() lastSeenAt?: unknown;
}

export class CreateUserDto extends UserWriteDto {
  /**
   * The vendor kind to create the user at, as listed by GET /v1/connections.
   * Alone, it names a connection only when exactly one connection has that kind.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,31}$/, { message: 'vendor must be a vendor name such as convirza' })
  vendor?: string;

  /** The connection to create the user in (`name` in GET /v1/connections). */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,31}$/, {
    message: 'connection must be a connection name such as desk-eu',
  })
  connection?: string;
}

export class DeleteUserQueryDto {
  /** Required `true` where the vendor's delete is irreversible (Credira). */
  @IsOptional()
  @IsIn(['true', 'false'])
  confirm?: 'true' | 'false';
}
