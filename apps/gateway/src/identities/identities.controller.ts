import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CallContext } from '@userbridge/vendor-core';
import { CallerVisibility, Visibility } from '../auth/visibility';
import { prefersOverJson } from '../common/accept';
import { ForRequest } from '../common/call-context.decorator';
import { VendorTally } from './dto/identity.response';
import { ListIdentitiesQueryDto, ReportSourceQueryDto } from './dto/list-identities.query.dto';
import { StoredIdentityListResponse, StoredSummaryResponse } from './dto/stored-identity.response';
import { IdentitiesReader } from './identities.reader';
import { IdentitiesDocs } from './identities.docs';
import { missingHeaders } from './incomplete-report.error';
import { runRef } from './stored-identities.service';

/** CSV is chosen by `?format=csv`, or by an Accept header that prefers text/csv over JSON. */
function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  return format !== undefined ? format === 'csv' : prefersOverJson(accept, 'text/csv');
}

@ApiTags('identities')
@ApiExtraModels(VendorTally, StoredIdentityListResponse, StoredSummaryResponse)
@Controller('v1/identities')
export class IdentitiesController {
  constructor(private readonly identities: IdentitiesReader) {}

  @Get()
  @IdentitiesDocs.list()
  async list(
    @Query() query: ListIdentitiesQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @ForRequest() context: CallContext,
    @CallerVisibility() visibility: Visibility,
  ): Promise<StoredIdentityListResponse | string> {
    if (!wantsCsv(query.format, accept)) {
      const page = await this.identities.list(query, context, visibility);
      if (page.errors.length > 0) void reply.headers(missingHeaders(page.errors));
      return page;
    }
    const { csv, vendorsFailed, run } = await this.identities.csv(query, context, visibility);
    if (vendorsFailed.length > 0) void reply.headers(missingHeaders(vendorsFailed));
    if (run) {
      void reply
        .header('x-reconciliation-run', String(run.id))
        .header('x-reconciliation-run-at', runRef(run).finishedAt);
    }
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="identities.csv"');
    return csv;
  }

  @Get('summary')
  @IdentitiesDocs.summary()
  summary(
    @Query() query: ReportSourceQueryDto,
    @ForRequest() context: CallContext,
    @CallerVisibility() visibility: Visibility,
  ): Promise<StoredSummaryResponse> {
    return this.identities.summary(query, context, visibility);
  }
}
