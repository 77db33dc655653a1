import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
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

const AUDIT_ENTRY_EXAMPLE = {
  id: '2f0d8a4e-5c1b-4f7e-9a63-0b1c2d3e4f50',
  sequence: 4211,
  at: '2026-11-23T10:00:12.004Z',
  finishedAt: '2026-11-23T10:00:12.391Z',
  requestId: '6f1c2d34-5b6a-4c7d-8e9f-0a1b2c3d4e5f',
  actor: 'hr-portal',
  channel: 'rest',
  action: 'user.deactivate',
  target: 'credira:user_s05',
  connection: 'credira',
  changes: { status: { before: 'active', after: 'inactive' } },
  details: null,
  outcome: 'succeeded',
  errorCode: null,
  idempotencyKey: null,
  offboardingRunId: null,
};

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
  @ApiExtraModels(AuditListResponse)
  @ApiOkResponse({
    description: 'A page of entries (JSON), or every matching entry (NDJSON)',
    content: {
      'application/json': {
        schema: { $ref: getSchemaPath(AuditListResponse) },
        example: { data: [AUDIT_ENTRY_EXAMPLE], nextCursor: null },
      },
      [NDJSON]: {
        schema: {
          type: 'string',
          description: 'One AuditEntryView as JSON per line, oldest first',
        },
        example: `${JSON.stringify(AUDIT_ENTRY_EXAMPLE)}\n`,
      },
    },
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
  @ApiOkResponse({
    description: 'The chain verifies (`ok: true`), or the first broken record (`ok: false`)',
    type: AuditVerificationView,
    example: {
      ok: true,
      records: 4212,
      anchor: 'genesis',
      lastSequence: 4212,
      lastHash: '9b74c9897bac770ffc029102a200c5de0f8a7d1e6a3b5c2d4e6f8a0b1c2d3e4f',
      broken: null,
    },
  })
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
