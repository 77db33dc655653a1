import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  AuditEntry,
  AuditFilters,
  AuditRecordInput,
  AuditVerification,
  DIRECTORY,
  Directory,
  DirectoryTransaction,
} from '@userbridge/directory';
import { timeParam } from '../common/query-time';
import { AUDIT_CURSOR } from './audit.cursor';
import { AuditListResponse, ListAuditQueryDto } from './dto/audit.dto';

/** An entry that is not one user's write (e.g. an offboarding run's execution), recorded whole. */
export type AuditEvent = Omit<AuditRecordInput, 'writeId' | 'kind'> & { writeId?: string };

@Injectable()
export class AuditService {
  constructor(@Inject(DIRECTORY) private readonly directory: Directory) {}

  filtersOf(query: ListAuditQueryDto): AuditFilters {
    return {
      actor: query.actor,
      action: query.action,
      target: query.target,
      connection: query.connection,
      outcome: query.outcome,
      from: query.from === undefined ? undefined : timeParam(query.from),
      to: query.to === undefined ? undefined : timeParam(query.to),
    };
  }

  /** The cursor is tied to the filters as sent: another filter set is a 400. */
  async list(query: ListAuditQueryDto): Promise<AuditListResponse> {
    const filters = this.filtersOf(query);
    const fingerprint = fingerprintOf(filters);
    const after =
      query.cursor === undefined ? 0 : AUDIT_CURSOR.decode(query.cursor, fingerprint).after;
    const page = await this.directory.audit.list({ ...filters, after, limit: query.limit });
    return {
      data: page.entries,
      nextCursor:
        page.nextAfter === null
          ? null
          : AUDIT_CURSOR.encode({ after: page.nextAfter }, fingerprint),
    };
  }

  /** Every matching entry, read in keyset batches as the consumer takes them. */
  stream(query: ListAuditQueryDto): AsyncIterable<AuditEntry> {
    return this.directory.audit.stream(this.filtersOf(query));
  }

  verify(): Promise<AuditVerification> {
    return this.directory.audit.verify();
  }

  /**
   * Records a complete entry in one row (in `tx` when given, so it commits
   * with the work it describes). Writes through the pipeline are audited by
   * its hook already: this is for what is not one user's write.
   */
  async record(event: AuditEvent, tx?: DirectoryTransaction): Promise<string> {
    const writeId = event.writeId ?? randomUUID();
    await this.directory.audit.append([{ ...event, writeId, kind: 'event' }], tx);
    return writeId;
  }
}

function fingerprintOf(filters: AuditFilters): unknown {
  return {
    ...filters,
    from: filters.from?.toISOString(),
    to: filters.to?.toISOString(),
  };
}
