import { CallerVisibility, Visibility } from '../auth/visibility';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, AUTH_ERRORS } from '../docs/api-responses';
import { CallContext } from '@userbridge/vendor-core';
import { ForRequest } from '../common/call-context.decorator';
import { VendorListResponse } from './vendor-status.dto';
import { VendorsService } from './vendors.service';

const LIST_EXAMPLE = {
  description: 'Every connection, probed now',
  type: VendorListResponse,
  example: {
    data: [
      {
        name: 'convirza',
        vendor: 'convirza',
        displayName: 'Convirza',
        capabilities: ['get', 'list', 'create', 'replace', 'patch', 'delete'],
        unsupported: {},
        idFormat: 'a positive integer',
        health: { status: 'up', latencyMs: 14 },
      },
      {
        name: 'desk-eu',
        vendor: 'desk',
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
          message: 'desk-eu did not answer within 5000 ms',
        },
      },
    ],
    nextCursor: null,
    errors: [
      {
        vendor: 'desk',
        connection: 'desk-eu',
        code: 'vendor_timeout',
        message: 'desk-eu did not answer within 5000 ms',
      },
    ],
  },
};

/**
 * `GET /v1/connections` lists every connection (one account at one vendor);
 * `GET /v1/vendors` is kept as an alias answering the same list, so clients of
 * the time when a vendor was a connection keep working: each entry's `name` is
 * the connection, `vendor` its kind.
 */
@ApiTags('connections')
@Controller('v1')
export class VendorsController {
  constructor(private readonly vendors: VendorsService) {}

  @Get('connections')
  @ApiOperation({
    operationId: 'listConnections',
    summary: 'Configured connections, their vendor, what each supports, and a live health probe',
    description:
      'Every connection (one account at one vendor: several may share a vendor) with its vendor kind, the operations it ' +
      'offers, the reason for each it does not (a call to one is a 405), its id format, and a probe made now, all ' +
      'connections in parallel. A connection that is down is also named in `errors`.',
  })
  @ApiOkResponse(LIST_EXAMPLE)
  @ApiErrors(...AUTH_ERRORS)
  connections(
    @ForRequest() context: CallContext,
    @CallerVisibility() visibility: Visibility,
  ): Promise<VendorListResponse> {
    return this.vendors.describe(context, visibility);
  }

  @Get('vendors')
  @ApiOperation({
    operationId: 'listVendors',
    summary: 'Alias of GET /v1/connections',
    description:
      'The same answer as `GET /v1/connections`: one entry per connection, `name` the connection and `vendor` its kind.',
  })
  @ApiOkResponse(LIST_EXAMPLE)
  @ApiErrors(...AUTH_ERRORS)
  list(
    @ForRequest() context: CallContext,
    @CallerVisibility() visibility: Visibility,
  ): Promise<VendorListResponse> {
    return this.vendors.describe(context, visibility);
  }
}
