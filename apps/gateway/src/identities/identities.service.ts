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
import { CallContext } from '@userbridge/vendor-core';
import { cursorField, defineCursor } from '@userbridge/cursor';
import { Visibility } from '../auth/visibility';
import {
  IdentityFiltersDto,
  identityFilterOf,
  ListIdentitiesQueryDto,
} from './dto/list-identities.query.dto';
import { IdentityListResponse } from './dto/identity.response';
import { UserSnapshotReader } from './user-snapshot.reader';
import { VendorErrorEntry } from '../users/dto/user-list.response';

/**
 * Identities are ordered by their smallest member id, so a page resumes "after
 * this member id": stable even when accounts come or go between pages, unlike
 * an offset into a report that is rebuilt on every call.
 */
export const LIVE_IDENTITIES_CURSOR = defineCursor({
  kind: 'identities.live',
  version: 1,
  position: { after: cursorField.text({ maxLength: 300 }) },
});

/** An identity's place in the report: its smallest member id (members are sorted). */
const sortKey = (identity: Identity): string => identity.members[0]?.id ?? identity.id;

/**
 * The live half of the identity reads: the reconciliation report over a
 * fresh read of every vendor. Nothing is cached beyond concurrent requests
 * sharing one read: an operator checking an offboarding they just did must
 * see it. The filters' connections are checked by `IdentitiesReader`.
 */
@Injectable()
export class IdentitiesService {
  constructor(private readonly snapshots: UserSnapshotReader) {}

  async list(
    query: ListIdentitiesQueryDto,
    context: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<IdentityListResponse> {
    const fingerprint = [
      query.conflict ?? null,
      query.vendor ?? null,
      query.email ?? null,
      query.severity ?? null,
    ];
    const after =
      query.cursor === undefined
        ? null
        : LIVE_IDENTITIES_CURSOR.decode(query.cursor, fingerprint).after;
    const { result, matching, recordsRejected } = await this.matching(query, context, visibility);
    const start = after === null ? 0 : matching.findIndex((identity) => sortKey(identity) > after);
    const page = start < 0 ? [] : matching.slice(start, start + query.limit);
    const more = start >= 0 && start + query.limit < matching.length;
    return {
      data: page,
      nextCursor: more
        ? LIVE_IDENTITIES_CURSOR.encode({ after: sortKey(page[page.length - 1]) }, fingerprint)
        : null,
      // Unreadable single records are reported beside failed vendors; their vendors still reconcile.
      errors: [...result.vendorsFailed, ...recordsRejected],
    };
  }

  /** The CSV and the vendors it lacks; the caller decides whether a partial sheet may go out. */
  async csv(
    filters: IdentityFiltersDto,
    context: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<{ csv: string; vendorsFailed: ReconcileResult['vendorsFailed'] }> {
    const { result, matching } = await this.matching(filters, context, visibility);
    return {
      csv: identitiesToCsv(matching, { conflict: filters.conflict, severity: filters.severity }),
      vendorsFailed: result.vendorsFailed,
    };
  }

  async summary(
    context: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<ReconcileSummary> {
    return summarize((await this.read(context, visibility)).result);
  }

  private async matching(
    filters: IdentityFiltersDto,
    context: CallContext,
    visibility: Visibility,
  ): Promise<{
    result: ReconcileResult;
    matching: Identity[];
    recordsRejected: VendorErrorEntry[];
  }> {
    const { result, recordsRejected } = await this.read(context, visibility);
    const matching = filterIdentities(result.identities, identityFilterOf(filters));
    return { result, matching, recordsRejected };
  }

  /**
   * Reconciles the users of the connections the key may see, and only them:
   * a limited key's identities are made without the others' accounts, so no
   * member, evidence, conflict or count of theirs shows (nor a `missing_in`
   * one of them, as they were not read for it).
   */
  private async read(
    context: CallContext,
    visibility: Visibility,
  ): Promise<{ result: ReconcileResult; recordsRejected: VendorErrorEntry[] }> {
    const snapshot = await this.snapshots.read(context);
    const result = reconcile({
      users: visibility.filter(snapshot.users, (user) => user.connection),
      vendorsRead: visibility.names(snapshot.vendorsRead),
      vendorsFailed: visibility.filter(snapshot.vendorsFailed, (failure) => failure.connection),
    });
    return {
      result,
      recordsRejected: visibility.filter(snapshot.recordsRejected, (entry) => entry.connection),
    };
  }
}
