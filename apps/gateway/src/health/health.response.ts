import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessResponse {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';
}

/** The `vendors` indicator: how many vendors are usable, then each vendor's probe under its name. */
export class ReadinessIndicators {
  @ApiPropertyOptional({
    type: 'object',
    required: ['status', 'usable'],
    properties: {
      status: { type: 'string', enum: ['up', 'down'], description: 'up when any vendor is usable' },
      usable: { type: 'integer', minimum: 0 },
    },
    additionalProperties: { $ref: '#/components/schemas/VendorHealth' },
  })
  vendors?: Record<string, unknown>;
}

/** Terminus' health check report. */
export class ReadinessResponse {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], example: 'ok' })
  status!: 'ok' | 'error' | 'shutting_down';

  @ApiProperty({ type: ReadinessIndicators, description: 'Indicators that are up' })
  info!: ReadinessIndicators;

  @ApiProperty({ type: ReadinessIndicators, description: 'Indicators that are down' })
  error!: ReadinessIndicators;

  @ApiProperty({ type: ReadinessIndicators, description: 'Every indicator' })
  details!: ReadinessIndicators;
}
