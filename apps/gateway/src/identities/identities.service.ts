import { Injectable } from '@nestjs/common';
import {
  filterIdentities,
  Identity,
  identitiesToCsv,
  reconcile,
  ReconcileResult,
  ReconcileSummary,
  summarize,
} from '@userbridge/reconciliation';
import { CallContext, VendorRegistry } from '@userbridge/vendor-core';
import { queryFingerprint } from '../users/cursor.codec';
import { IdentityFiltersDto, ListIdentitiesQueryDto } from './dto/list-identities.query.dto';
import { IdentityListResponse } from './dto/identity.response';
import { decodeIdentityCursor, encodeIdentityCursor } from './identity-cursor';
import { UserSnapshotReader } from './user-snapshot.reader';
import { VendorErrorEntry } from '../users/dto/user-list.response';

/** An identity's place in the report: its smallest member id (members are sorted). */
const sortKey = (identity: Identity): string => identity.members[0]?.id ?? identity.id;

/**
 * The reconciliation report over a fresh read of every vendor. Nothing is
 * cached beyond concurrent requests sharing one read: an operator checking an
 * offboarding they just did must see it.
 */
@Injectable()
export class IdentitiesService {
  constructor(
    private readonly snapshots: UserSnapshotReader,
    private readonly registry: VendorRegistry,
  ) {}

  async list(query: ListIdentitiesQueryDto, context: CallContext): Promise<IdentityListResponse> {
    const fingerprint = queryFingerprint([
      'identities',
      query.conflict ?? null,
      query.vendor ?? null,
      query.email ?? null,
      query.severity ?? null,
    ]);
    const after =
      query.cursor === undefined ? null : decodeIdentityCursor(query.cursor, fingerprint);
    const { result, matching, recordsRejected } = await this.matching(query, context);
    const start = after === null ? 0 : matching.findIndex((identity) => sortKey(identity) > after);
    const page = start < 0 ? [] : matching.slice(start, start + query.limit);
    const more = start >= 0 && start + query.limit < matching.length;
    return {
      data: page,
      nextCursor: more
        ? encodeIdentityCursor({ query: fingerprint, after: sortKey(page[page.length - 1]) })
        : null,
      // Unreadable single records are reported beside failed vendors; their vendors still reconcile.
      errors: [...result.vendorsFailed, ...recordsRejected],
    };
  }

  /** The CSV and the vendors it lacks; the caller decides whether a partial sheet may go out. */
  async csv(
    filters: IdentityFiltersDto,
    context: CallContext,
  ): Promise<{ csv: string; vendorsFailed: ReconcileResult['vendorsFailed'] }> {
    const { result, matching } = await this.matching(filters, context);
    return {
      csv: identitiesToCsv(matching, { conflict: filters.conflict, severity: filters.severity }),
      vendorsFailed: result.vendorsFailed,
    };
  }

  async summary(context: CallContext): Promise<ReconcileSummary> {
    return summarize((await this.read(context)).result);
  }

  private async matching(
    filters: IdentityFiltersDto,
    context: CallContext,
  ): Promise<{
    result: ReconcileResult;
    matching: Identity[];
    recordsRejected: VendorErrorEntry[];
  }> {
    // An unknown vendor or connection is a 400 naming the configured ones, not an empty report.
    if (filters.vendor !== undefined) this.registry.select([filters.vendor]);
    if (filters.connection !== undefined) this.registry.get(filters.connection);
    const { result, recordsRejected } = await this.read(context);
    const matching = filterIdentities(result.identities, {
      conflict: filters.conflict,
      vendor: filters.vendor,
      connection: filters.connection,
      email: filters.email,
      severity: filters.severity,
    });
    return { result, matching, recordsRejected };
  }

  private async read(
    context: CallContext,
  ): Promise<{ result: ReconcileResult; recordsRejected: VendorErrorEntry[] }> {
    const snapshot = await this.snapshots.read(context);
    const result = reconcile({
      users: snapshot.users,
      vendorsRead: snapshot.vendorsRead,
      vendorsFailed: snapshot.vendorsFailed,
    });
    return { result, recordsRejected: snapshot.recordsRejected };
  }
}
