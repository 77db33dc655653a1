import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, AUTH_ERRORS, VENDOR_ERRORS } from '../docs/api-responses';
import { IDENTITY_EXAMPLE, SUMMARY_EXAMPLE } from '../docs/identity-examples';
import {
  IdentityListResponse,
  IdentitySummaryResponse,
  VendorTally,
} from './dto/identity.response';
import { ListIdentitiesQueryDto } from './dto/list-identities.query.dto';
import { IdentitiesService } from './identities.service';
import { IncompleteReportError, MISSING_VENDORS_HEADER } from './incomplete-report.error';

/** CSV is chosen by `?format=csv`, or by an Accept header that prefers text/csv over JSON. */
function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  const csv = types.indexOf('text/csv');
  const json = types.indexOf('application/json');
  return csv >= 0 && (json < 0 || csv < json);
}

@ApiTags('identities')
@ApiExtraModels(VendorTally, IdentityListResponse)
@Controller('v1/identities')
export class IdentitiesController {
  constructor(private readonly identities: IdentitiesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listIdentities',
    summary:
      'Users of every vendor grouped into identities (same person), with match reasons and conflicts',
    description:
      'Reads every user of every configured vendor (all pages) and links accounts by normalized email, E.164 phone ' +
      'or external id; names are supporting evidence only. Conflicts: `status_mismatch` (high: active somewhere, ' +
      'inactive or deleted elsewhere — the offboarding gap), `role_mismatch`, `name_mismatch`, `possible_duplicate`, ' +
      '`missing_in:<vendor>`, `unmatchable`. A vendor that cannot be read is listed in `errors` and never produces ' +
      '`missing_in` conflicts. `?format=csv` (or `Accept: text/csv`) answers every matching identity as a CSV with ' +
      'one row per identity and conflict (an `Accept` header preferring `text/csv` over JSON does the same). A CSV ' +
      "missing a vendor is refused (the failing vendor's error, naming it) unless `?partial=true`; any answer " +
      'missing a vendor names it in the `x-userbridge-missing-vendors` header. Errors are always JSON.',
  })
  @ApiOkResponse({
    description: 'A page of identities (JSON), or every matching identity (CSV)',
    headers: {
      [MISSING_VENDORS_HEADER]: {
        description:
          'Comma-separated vendors that could not be read, on an answer without them (JSON, or CSV with ?partial=true)',
        schema: { type: 'string', example: 'desk' },
      },
    },
    content: {
      'application/json': {
        schema: { $ref: getSchemaPath(IdentityListResponse) },
        example: { data: [IDENTITY_EXAMPLE], nextCursor: null, errors: [] },
      },
      'text/csv': {
        schema: {
          type: 'string',
          description:
            'Columns identity_id, display_name, emails, vendors, conflict, severity, message, accounts, confidence',
        },
        example:
          'identity_id,display_name,emails,vendors,conflict,severity,message,accounts,confidence\r\n' +
          'idn_3f0c1b2a4d5e6f70,Alice Walker,alice.walker@scenario.example,"convirza; credira; desk",status_mismatch,high,' +
          '"active at convirza, credira but deleted at desk (desk:9001)",convirza:50001 (active, member); ...,0.94\r\n',
      },
    },
  })
  @ApiErrors('invalidIdentityQuery', ...AUTH_ERRORS, 'incompleteReport', ...VENDOR_ERRORS)
  async list(
    @Query() query: ListIdentitiesQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IdentityListResponse | string> {
    if (!wantsCsv(query.format, accept)) {
      const page = await this.identities.list(query);
      if (page.errors.length > 0)
        void reply.header(MISSING_VENDORS_HEADER, page.errors.map((e) => e.vendor).join(','));
      return page;
    }
    const { csv, vendorsFailed } = await this.identities.csv(query);
    if (vendorsFailed.length > 0) {
      if (!query.partial) throw new IncompleteReportError(vendorsFailed);
      void reply.header(MISSING_VENDORS_HEADER, vendorsFailed.map((f) => f.vendor).join(','));
    }
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="identities.csv"');
    return csv;
  }

  @Get('summary')
  @ApiOperation({
    operationId: 'identitySummary',
    summary: 'Counts per conflict type, severity and vendor',
    description:
      'Reconciles every user of every configured vendor, as GET /v1/identities does, and answers only the counts, ' +
      'with the vendors that were read and those that could not be (`vendorsFailed`): a vendor that failed never ' +
      'counts as missing accounts.',
  })
  @ApiOkResponse({
    description: 'The counts of one reconciliation run',
    type: IdentitySummaryResponse,
    example: SUMMARY_EXAMPLE,
  })
  @ApiErrors(...AUTH_ERRORS)
  summary(): Promise<IdentitySummaryResponse> {
    return this.identities.summary();
  }
}
