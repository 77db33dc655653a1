import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CANONICAL_ROLES, CanonicalRole } from './role';
import { USER_STATUSES, UserStatus } from './status';

export class UserGroup {
  @ApiProperty({ example: '1001', description: "The vendor's own group, desk or account id" })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Sales East' })
  name!: string | null;
}

/**
 * The one user shape every vendor is mapped to. Every field is always present
 * (null when unknown) so callers never have to tell "absent" from "unknown".
 */
export class CanonicalUser {
  @ApiProperty({ example: 'convirza:12345', description: 'Global id: `<connection>:<vendorId>`' })
  id!: string;

  @ApiProperty({
    example: 'convirza',
    description:
      'The connection (one account at one vendor) the user lives in, as listed by GET /v1/connections; a connection from the plain environment variables is named after its vendor',
  })
  connection!: string;

  @ApiProperty({ example: 'convirza', description: 'The vendor kind of that connection' })
  vendor!: string;

  @ApiProperty({ example: '12345', description: "The vendor's own id, always a string" })
  vendorId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'john.doe@example.com' })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'john.doe@example.com' })
  username!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'John' })
  firstName!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Doe' })
  lastName!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'John Doe' })
  displayName!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '+12025550143',
    description: 'E.164, or null when the vendor value does not parse',
  })
  phone!: string | null;

  @ApiProperty({ enum: CANONICAL_ROLES, example: 'member' })
  role!: CanonicalRole;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Standard',
    description: "The vendor's own role name, untouched",
  })
  vendorRole!: string | null;

  @ApiProperty({ enum: USER_STATUSES, example: 'active' })
  status!: UserStatus;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'America/New_York',
    description: 'IANA zone',
  })
  timezone!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'en-US', description: 'BCP-47 tag' })
  language!: string | null;

  @ApiProperty({ type: [UserGroup] })
  groups!: UserGroup[];

  @ApiProperty({ type: String, nullable: true, example: 'EXT-001' })
  externalId!: string | null;

  @ApiProperty({ type: [String], example: ['calls:read'] })
  permissions!: string[];

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-01-15T10:30:00.000Z',
  })
  createdAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-02-20T14:25:00.000Z',
  })
  updatedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  lastLoginAt!: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "The vendor's own payload with secrets removed; only with ?include=vendorData",
  })
  vendorData?: Record<string, unknown>;
}
