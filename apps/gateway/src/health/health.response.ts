import { ApiProperty } from '@nestjs/swagger';

export class LivenessResponse {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';
}

/** What `/ready` answers: usable or not, and which vendors are down (names only). */
export class ReadinessResponse {
  @ApiProperty({ example: true, description: 'false (with a 503) only when no vendor is usable' })
  ready!: boolean;

  @ApiProperty({
    type: [String],
    example: ['desk'],
    description: 'Configured vendors whose probe failed',
  })
  vendorsDown!: string[];
}
