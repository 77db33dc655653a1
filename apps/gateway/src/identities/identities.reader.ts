import { Injectable } from '@nestjs/common';
import { ConflictHistoryEntry, OpenGap, ReconciliationRun } from '@userbridge/directory';
import { VendorFailure } from '@userbridge/reconciliation';
import { CallContext, VendorRegistry } from '@userbridge/vendor-core';
import { Visibility } from '../auth/visibility';
import {
  IdentityFiltersDto,
  ListIdentitiesQueryDto,
  ReportSourceQueryDto,
} from './dto/list-identities.query.dto';
import { StoredIdentityListResponse, StoredSummaryResponse } from './dto/stored-identity.response';
import { IdentitiesService } from './identities.service';
import { IncompleteReportError } from './incomplete-report.error';
import { StoredIdentitiesService } from './stored-identities.service';

/** A CSV report, the connections it lacks, and the stored run it comes from (null: read live). */
export interface IdentityCsv {
  csv: string;
  vendorsFailed: VendorFailure[];
  run: ReconciliationRun | null;
}

/**
 * Every read of the reconciliation report goes through here: it checks the
 * filters' vendor and connection (the one selection rule,
 * `Visibility.connections`), decides between the latest stored run and a live
 * read of every vendor, and says which in `meta`. The store answers unless
 * `?source=live`, no run is stored yet, or the key sees only some connections
 * (a stored run reconciled every connection together: a limited key's report
 * is made for it, live).
 *
 * An identity's history, its members (whom an offboarding plan covers) and
 * the open gaps (a gaps plan) come from the stored runs only.
 */
@Injectable()
export class IdentitiesReader {
  constructor(
    private readonly registry: VendorRegistry,
    private readonly live: IdentitiesService,
    private readonly stored: StoredIdentitiesService,
  ) {}

  async list(
    query: ListIdentitiesQueryDto,
    context: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<StoredIdentityListResponse> {
    this.checkFilters(query, visibility);
    const stored = this.fromStore(query, visibility) ? await this.stored.list(query) : null;
    return (
      stored ?? {
        ...(await this.live.list(query, context, visibility)),
        meta: { source: 'live' },
      }
    );
  }

  /**
   * Every matching identity as CSV. A sheet has no `errors` field, so one
   * missing a connection is refused unless `?partial=true`.
   */
  async csv(
    query: ListIdentitiesQueryDto,
    context: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<IdentityCsv> {
    this.checkFilters(query, visibility);
    const stored = this.fromStore(query, visibility) ? await this.stored.csv(query) : null;
    const answer: IdentityCsv = stored ?? {
      ...(await this.live.csv(query, context, visibility)),
      run: null,
    };
    if (answer.vendorsFailed.length > 0 && !query.partial)
      throw new IncompleteReportError(answer.vendorsFailed);
    return answer;
  }

  async summary(
    query: ReportSourceQueryDto,
    context: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<StoredSummaryResponse> {
    const stored = this.fromStore(query, visibility) ? await this.stored.summary() : null;
    return (
      stored ?? { ...(await this.live.summary(context, visibility)), meta: { source: 'live' } }
    );
  }

  /** An identity's conflicts over the stored runs; one that involves an account the key may not see is left out. */
  async history(identity: string, visibility: Visibility): Promise<ConflictHistoryEntry[]> {
    const entries = await this.stored.history(identity);
    return entries.filter((entry) => entry.members.every((id) => visibility.canSeeId(id)));
  }

  /**
   * The accounts of an identity in the latest stored run that the key may see;
   * one of a connection no longer configured (neither readable nor writable)
   * is left out. Empty when none is left.
   */
  async members(identity: string, visibility: Visibility): Promise<string[]> {
    const members = (await this.stored.members(identity)) ?? [];
    return members.filter(
      (id) => visibility.canSeeId(id) && this.registry.has(id.slice(0, id.indexOf(':'))),
    );
  }

  /** One batch of the latest run's open gaps first seen at or before `seenBefore`, after a conflict id. */
  openGaps(seenBefore: Date | null, after: number, limit: number): Promise<OpenGap[]> {
    return this.stored.openGaps(seenBefore, after, limit);
  }

  private fromStore(query: ReportSourceQueryDto, visibility: Visibility): boolean {
    return query.source !== 'live' && !visibility.limited;
  }

  /**
   * An unknown vendor or connection is a 400 naming the configured ones (those
   * the key may see), not an empty report; a connection hidden from the key is a 404.
   */
  private checkFilters(filters: IdentityFiltersDto, visibility: Visibility): void {
    visibility.connections(
      this.registry,
      filters.vendor === undefined ? undefined : [filters.vendor],
      filters.connection === undefined ? undefined : [filters.connection],
    );
  }
}
