import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiErrors, AUTH_ERRORS } from '../docs/api-responses';
import { VendorListResponse } from './vendor-status.dto';
import { ApiDoc } from '../docs/api-doc';

// The OpenAPI prose of /v1/connections and /v1/vendors, one entry per handler of VendorsController.

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

export const ConnectionsDocs = {
  connections: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'listConnections',
        summary:
          'Configured connections, their vendor, what each supports, and a live health probe',
        description:
          'Every connection (one account at one vendor: several may share a vendor) with its vendor kind, the operations it ' +
          'offers, the reason for each it does not (a call to one is a 405), its id format, and a probe made now, all ' +
          'connections in parallel. A connection that is down is also named in `errors`.',
      }),
      ApiOkResponse(LIST_EXAMPLE),
      ApiErrors(...AUTH_ERRORS),
    ),
  list: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'listVendors',
        summary: 'Alias of GET /v1/connections',
        description:
          'The same answer as `GET /v1/connections`: one entry per connection, `name` the connection and `vendor` its kind.',
      }),
      ApiOkResponse(LIST_EXAMPLE),
      ApiErrors(...AUTH_ERRORS),
    ),
};
