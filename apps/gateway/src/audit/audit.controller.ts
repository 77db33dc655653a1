import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditEntry } from '@userbridge/directory';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { RequiresScope } from '../auth/auth.decorators';
import { prefersOverJson } from '../common/accept';
import { renderDomainError } from '../common/all-errors.filter';
import { InternalError } from '../common/gateway-errors';
import { DomainError } from '@userbridge/errors';
import { AuditDocs, NDJSON } from './audit.docs';
import { AuditService } from './audit.service';
import { AuditListResponse, AuditVerificationView, ListAuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@Controller('v1/audit')
@RequiresScope('admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @AuditDocs.list()
  async list(
    @Query() query: ListAuditQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditListResponse | Readable> {
    if (!prefersOverJson(accept, NDJSON)) return this.audit.list(query);
    const entries = this.audit.stream(query)[Symbol.asyncIterator]();
    // The first batch is read before the answer starts: a store that is down is a 503, not an empty export.
    const first = await entries.next();
    void reply.header('content-type', `${NDJSON}; charset=utf-8`);
    return Readable.from(ndjsonLines(first, entries, String(reply.request.id)), {
      objectMode: false,
    });
  }

  @Get('verify')
  @AuditDocs.verify()
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
