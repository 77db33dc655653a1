import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES } from '@userbridge/errors';

export class ErrorDetail {
  @ApiProperty({ enum: ERROR_CODES, example: 'invalid_request' })
  code!: string;

  @ApiProperty({ example: 'limit must not be greater than 200' })
  message!: string;

  @ApiPropertyOptional({
    example: 'convirza',
    description: 'The vendor concerned, when there is one',
  })
  vendor?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { fields: [{ field: 'limit', message: 'limit must not be greater than 200' }] },
  })
  details?: Record<string, unknown>;

  @ApiProperty({ example: '6f1c2d34-5b6a-4c7d-8e9f-0a1b2c3d4e5f' })
  requestId!: string;
}

/** Every error answer has this one shape. */
export class ErrorBody {
  @ApiProperty({ type: ErrorDetail })
  error!: ErrorDetail;
}
