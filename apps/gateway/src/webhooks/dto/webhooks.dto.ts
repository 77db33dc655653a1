import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PagingQuery } from '../../common/paging-query.dto';
import { WEBHOOK_EVENT_TYPES } from '../webhook-events';

const CONNECTION_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const SUBSCRIBABLE = WEBHOOK_EVENT_TYPES.filter((type) => type !== 'webhook.ping');

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.com/userbridge',
    description:
      'Where events are POSTed: https:// (http:// only with WEBHOOK_ALLOW_PRIVATE_TARGETS=true). A host resolving ' +
      'to a loopback, private, link-local, multicast or reserved address is refused.',
  })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({
    enum: SUBSCRIBABLE,
    isArray: true,
    example: ['user.deactivated', 'identity.gap_opened'],
    description: 'Event types to receive (absent: every type)',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSCRIBABLE.length)
  @IsIn(SUBSCRIBABLE, {
    each: true,
    message: `each event must be one of ${SUBSCRIBABLE.join(', ')}`,
  })
  events?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['desk-eu'],
    description:
      'Only events of these connections (absent: every connection the key may see). An event touching several ' +
      'connections goes only when every one of them is listed.',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(CONNECTION_NAME, {
    each: true,
    message: 'each connection must be a connection name such as desk-eu',
  })
  connections?: string[];

  @ApiPropertyOptional({ example: 'HR system: deactivations', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://hooks.example.com/userbridge-v2' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({
    enum: SUBSCRIBABLE,
    isArray: true,
    nullable: true,
    description: 'Event types to receive; null: every type',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSCRIBABLE.length)
  @IsIn(SUBSCRIBABLE, {
    each: true,
    message: `each event must be one of ${SUBSCRIBABLE.join(', ')}`,
  })
  events?: string[] | null;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    description: 'Connections; null: every one',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(CONNECTION_NAME, {
    each: true,
    message: 'each connection must be a connection name such as desk-eu',
  })
  connections?: string[] | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({
    example: true,
    description:
      'false stops deliveries; true resumes them from where they stopped (also after a 410 or failing)',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class ReplayWebhookDto {
  @ApiProperty({
    type: 'integer',
    example: 1800,
    description:
      'Resend every event after this change-feed sequence (0: from the start), with the same webhook-ids',
  })
  @Type(() => Number)
  @IsInt({ message: 'after must be a whole number (a change-feed sequence)' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after!: number;
}

export class ListDeliveriesQueryDto extends PagingQuery(
  { max: 200, default: 50 },
  {
    maxLength: 4096,
    description:
      "Opaque: pass back the nextCursor of the previous page of this endpoint's messages.",
  },
) {}

export class ListWebhooksQueryDto extends PagingQuery(
  { max: 200, default: 100 },
  { maxLength: 4096, description: 'Opaque: pass back the nextCursor of the previous page.' },
) {}

export class WebhookEndpointView {
  @ApiProperty({ example: 'wh_8Kq2mZ4tPp1xYb7c' }) id!: string;
  @ApiProperty({ example: 'https://hooks.example.com/userbridge' }) url!: string;
  @ApiProperty({ type: String, nullable: true, example: 'HR system: deactivations' })
  description!: string | null;
  @ApiProperty({
    type: [String],
    nullable: true,
    example: ['user.deactivated'],
    description: 'null: every type',
  })
  events!: string[] | null;
  @ApiProperty({
    type: [String],
    nullable: true,
    example: null,
    description: 'null: every connection the key may see',
  })
  connections!: string[] | null;
  @ApiProperty({ example: true }) enabled!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,

    example: null,
    description:
      '`gone`: the receiver answered 410; `failing`: no success for WEBHOOK_DISABLE_AFTER; `manual`: a PATCH',
  })
  disabledReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) disabledAt!:
    string | null;
  @ApiProperty({
    type: 'integer',
    example: 1842,
    description: 'The last change-feed sequence turned into messages for this endpoint',
  })
  after!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'Since when every attempt failed',
  })
  failingSince!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-23T10:00:12.004Z',
  })
  lastSuccessAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'Until when the previous secret still signs beside the current one',
  })
  previousSecretUntil!: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-23T09:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-23T09:00:00.000Z' })
  updatedAt!: string;
}

export class CreatedWebhookView extends WebhookEndpointView {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The signing secret (`whsec_` + base64 of 32 random bytes): shown only here',
  })
  secret!: string;
}

export class WebhookResponse {
  @ApiProperty({ type: WebhookEndpointView }) data!: WebhookEndpointView;
}

export class CreatedWebhookResponse {
  @ApiProperty({ type: CreatedWebhookView }) data!: CreatedWebhookView;
}

export class WebhookListResponse {
  @ApiProperty({ type: [WebhookEndpointView] }) data!: WebhookEndpointView[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Pass as `cursor` for the next page; null at the end',
  })
  nextCursor!: string | null;
}

export class RotatedSecretView {
  @ApiProperty({
    example: 'whsec_3v0kQ1h2Zb9T8c7Xy6W5u4s3r2q1p0oN',
    description: 'The new secret: shown only here',
  })
  secret!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-11-24T09:00:00.000Z',
    description: 'The old secret keeps signing (a second signature) until then',
  })
  previousSecretUntil!: string;
}

export class RotatedSecretResponse {
  @ApiProperty({ type: RotatedSecretView }) data!: RotatedSecretView;
}

export class QueuedMessageView {
  @ApiProperty({ type: 'integer', example: 9001 }) messageId!: number;
  @ApiProperty({ example: 'msg_8Kq2mZ4tPp1xYb7c_ping_1f2e3d4c' }) webhookId!: string;
}

export class QueuedMessageResponse {
  @ApiProperty({ type: QueuedMessageView }) data!: QueuedMessageView;
}

export class WebhookAttemptView {
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-23T10:00:12.004Z' })
  at!: string;
  @ApiProperty({ type: 'integer', example: 84 }) durationMs!: number;
  @ApiProperty({ type: 'integer', nullable: true, example: 503 }) statusCode!: number | null;
  @ApiProperty({ enum: ['succeeded', 'failed', 'timeout', 'refused', 'gone'], example: 'failed' })
  outcome!: string;
  @ApiProperty({ type: String, nullable: true, example: 'HTTP 503' }) error!: string | null;
}

export class WebhookDeliveryView {
  @ApiProperty({ type: 'integer', example: 9001 }) messageId!: number;
  @ApiProperty({ example: 'msg_8Kq2mZ4tPp1xYb7c_1842' }) webhookId!: string;
  @ApiProperty({ example: 'user.deactivated' }) type!: string;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 1842,
    description: 'The change-feed sequence (null: a ping)',
  })
  sequence!: number | null;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'], example: 'pending' }) status!: string;
  @ApiProperty({ type: 'integer', example: 2 }) attempts!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-23T10:05:12.004Z',
  })
  nextAttemptAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-23T10:00:12.000Z' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) finishedAt!:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: 'HTTP 503' }) lastError!: string | null;
  @ApiProperty({ type: [WebhookAttemptView] }) history!: WebhookAttemptView[];
}

export class WebhookDeliveriesResponse {
  @ApiProperty({ type: [WebhookDeliveryView] }) data!: WebhookDeliveryView[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Pass as `cursor` for older messages; null at the end',
  })
  nextCursor!: string | null;
}
