import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../docs/api-responses';
import { VendorListResponse } from './vendor-status.dto';
import { VendorsService } from './vendors.service';

@ApiTags('vendors')
@Controller('v1/vendors')
export class VendorsController {
  constructor(private readonly vendors: VendorsService) {}

  @Get()
  @ApiOperation({ summary: 'Configured vendors, what each supports, and a live health probe' })
  @ApiOkResponse({
    type: VendorListResponse,
    example: {
      data: [
        {
          name: 'convirza',
          displayName: 'Convirza',
          capabilities: ['get', 'list', 'create', 'replace', 'patch', 'delete'],
          idFormat: 'a positive integer',
          health: { status: 'up', latencyMs: 14 },
        },
        {
          name: 'desk',
          displayName: 'Desk (CommPeak)',
          capabilities: ['get', 'list', 'create', 'replace'],
          idFormat: 'digits',
          health: {
            status: 'down',
            latencyMs: 5001,
            code: 'vendor_timeout',
            message: 'desk did not answer within 5000 ms',
          },
        },
      ],
      nextCursor: null,
      errors: [
        { vendor: 'desk', code: 'vendor_timeout', message: 'desk did not answer within 5000 ms' },
      ],
    },
  })
  @ApiErrors('unauthorized')
  list(): Promise<VendorListResponse> {
    return this.vendors.describe();
  }
}
