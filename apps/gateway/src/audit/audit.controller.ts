import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuditEntry } from '@userbridge/directory';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { RequiresScope } from '../auth/auth.decorators';
import { renderDomainError } from '../common/all-errors.filter';
import { InternalError } from '../common/gateway-errors';
import { DomainError } from '@userbridge/errors';
import { ApiErrors, STORE_ERRORS } from '../docs/api-responses';
import { AuditService } from './audit.service';
import { AuditListResponse, AuditVerificationView, ListAuditQueryDto } from './dto/audit.dto';

export const NDJSON = 'application/x-ndjson';

/** NDJSON is chosen by an Accept header that names it before (or without) JSON. */
function wantsNdjson(accept: string | undefined): boolean {
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  const ndjson = types.indexOf(NDJSON);
  const json = types.indexOf('application/json');
  return ndjson >= 0 && (json < 0 || ndjson < json);
}

@ApiTags('audit')
@Controller('v1/audit')
@RequiresScope('admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    operationId: 'listAudit',
    summary: 'The audit trail: one entry per write made through the gateway (admin)',
    description:
      'Every write through the gateway (REST, SCIM, offboarding) and every deletion a sync made, oldest first: ' +
      'who (the key’s label, `system` for syncs), what (`action`, the canonical fields before and after: never a ' +
      'secret, never vendorData), on which user and connection, and how it ended (`succeeded`, `failed`, or ' +
      '`unknown` when the vendor’s answer was lost or no outcome was recorded). Filters combine; `from`/`to` bound ' +
      'the time of the intent. Page with `cursor`. With `Accept: application/x-ndjson` every matching entry is ' +
      'streamed, one JSON object per line, read from the store in batches (`limit` and `cursor` are ignored); a ' +
      'store failure mid-stream ends it with a line `{"error": {...}}`.',
  })
  @ApiProduces('application/json', NDJSON)
  @ApiOkResponse({
    description: 'A page of entries (JSON), or all of them (NDJSON)',
    type: AuditListResponse,
  })
  @ApiErrors('invalidQuery', 'unauthorized', 'forbidden', 'rateLimited', ...STORE_ERRORS)
  async list(
    @Query() query: ListAuditQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditListResponse | Readable> {
    if (!wantsNdjson(accept)) return this.audit.list(query);
    const entries = this.audit.stream(query)[Symbol.asyncIterator]();
    // The first batch is read before the answer starts: a store that is down is a 503, not an empty export.
    const first = await entries.next();
    void reply.header('content-type', `${NDJSON}; charset=utf-8`);
    return Readable.from(ndjsonLines(first, entries, String(reply.request.id)), {
      objectMode: false,
    });
  }

  @Get('verify')
  @ApiOperation({
    operationId: 'verifyAudit',
    summary: 'Recompute the audit chain (admin)',
    description:
      'Walks the whole chain from its anchor (its first record, or the checkpoint retention left) and recomputes ' +
      'every hash, `sha256(previous hash || canonical record)`. Answers `ok: true` with the newest hash, or ' +
      '`ok: false` with the first broken record and why.',
  })
  @ApiOkResponse({ type: AuditVerificationView })
  @ApiErrors('unauthorized', 'forbidden', 'rateLimited', ...STORE_ERRORS)
  verify(): Promise<AuditVerificationView> {
    return this.audit.verify();
  }
}

async function* ndjsonLines(
  first: IteratorResult<AuditEntry>,
  rest: AsyncIterator<AuditEntry>,
  requestId: string,
): AsyncGenerator<string> {
  let next = first;
  try {
    while (!next.done) {
      yield `${JSON.stringify(next.value)}\n`;
      next = await rest.next();
    }
  } catch (error) {
    // The status line is gone: the export says it is cut short rather than look complete.
    const domain = error instanceof DomainError ? error : new InternalError();
    yield `${JSON.stringify(renderDomainError(domain, requestId).body)}\n`;
  }
}
