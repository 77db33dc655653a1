import { CallerVisibility, Visibility } from '../auth/visibility';
import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CallContext } from '@userbridge/vendor-core';
import { ForRequest } from '../common/call-context.decorator';
import { VendorListResponse } from './vendor-status.dto';
import { VendorsService } from './vendors.service';
import { ConnectionsDocs } from './vendors.docs';

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
  @ConnectionsDocs.connections()
  connections(
    @ForRequest() context: CallContext,
    @CallerVisibility() visibility: Visibility,
  ): Promise<VendorListResponse> {
    return this.vendors.describe(context, visibility);
  }

  @Get('vendors')
  @ConnectionsDocs.list()
  list(
    @ForRequest() context: CallContext,
    @CallerVisibility() visibility: Visibility,
  ): Promise<VendorListResponse> {
    return this.vendors.describe(context, visibility);
  }
}
