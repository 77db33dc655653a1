import { CallerVisibility, Visibility } from '../auth/visibility';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, AUTH_ERRORS } from '../docs/api-responses';
import { CallContext } from '@userbridge/vendor-core';
import { ForRequest } from '../common/call-context.decorator';
import { VendorListResponse } from './vendor-status.dto';
import { VendorsService } from './vendors.service';

@ApiTags('vendors')
@Controller('v1/vendors')
export class VendorsController {
  constructor(private readonly vendors: VendorsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listVendors',
    summary: 'Configured vendors, what each supports, and a live health probe',
    description:
      'Every configured vendor with the operations it offers, the reason for each it does not (a call to one is a ' +
      '405), its id format, and a probe made now, all vendors in parallel. A vendor that is down is also named in `errors`.',
  })
  @ApiOkResponse({
    description: 'Every configured vendor, probed now',
    type: VendorListResponse,
    example: {
      data: [
        {
          name: 'convirza',
          displayName: 'Convirza',
          capabilities: ['get', 'list', 'create', 'replace', 'patch', 'delete'],
          unsupported: {},
          idFormat: 'a positive integer',
          health: { status: 'up', latencyMs: 14 },
        },
        {
          name: 'desk',
          displayName: 'Desk (CommPeak)',
          capabilities: ['get', 'list', 'create', 'replace'],
          unsupported: {
            patch:
              'the desk API has no partial update, and a read-modify-write PUT cannot be made safe against lost updates',
            delete: 'the desk API documents no user delete',
          },
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
  @ApiErrors(...AUTH_ERRORS)
  list(
    @ForRequest() context: CallContext,
    @CallerVisibility() visibility: Visibility,
  ): Promise<VendorListResponse> {
    return this.vendors.describe(context, visibility);
  }
}
