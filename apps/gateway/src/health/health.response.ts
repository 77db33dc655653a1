import { ApiProperty } from '@nestjs/swagger';

export class LivenessResponse {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';
}

/** What `/ready` answers: usable or not, and which connections are down (names only). */
export class ReadinessResponse {
  @ApiProperty({
    example: true,
    description: 'false (with a 503) only when no connection is usable',
  })
  ready!: boolean;

  @ApiProperty({
    type: [String],
    example: ['desk-eu'],
    description: 'Connections whose probe failed',
  })
  connectionsDown!: string[];

  @ApiProperty({
    type: [String],
    example: ['desk'],
    description: 'Vendor kinds with at least one connection down',
  })
  vendorsDown!: string[];
}
