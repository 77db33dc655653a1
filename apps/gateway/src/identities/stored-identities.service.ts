import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictHistoryEntry,
  DIRECTORY,
  Directory,
  IdentityPage,
  OpenGap,
  ReconciliationRun,
  StoredIdentity,
} from '@userbridge/directory';
import { identitiesToCsv, VendorFailure } from '@userbridge/reconciliation';
import { cursorField, defineCursor, INT4_MAX, InvalidCursorError } from '@userbridge/cursor';
import { VendorRegistry } from '@userbridge/vendor-core';
import {
  IdentityFiltersDto,
  identityFilterOf,
  ListIdentitiesQueryDto,
} from './dto/list-identities.query.dto';
import {
  ReconciliationRunRef,
  StoredIdentityListResponse,
  StoredSummaryResponse,
} from './dto/stored-identity.response';

/** A page of a stored run continues on that run, after the position of its last identity. */
export const STORED_IDENTITIES_CURSOR = defineCursor({
  kind: 'identities.store',
  version: 1,
  position: {
    run: cursorField.integer({ min: 1 }),
    // reconciliation_identities.position is an `integer` column.
    after: cursorField.integer({ max: INT4_MAX }),
  },
});

/** What a stored answer names: the run it comes from and when that run ended. */
export function runRef(run: ReconciliationRun): ReconciliationRunRef {
  return {
    id: run.id,
    finishedAt: run.finishedAt ?? run.startedAt,
    vendorsRead: run.vendorsRead,
  };
}

/**
 * The store half of the identity reads: the reconciliation report from the
 * latest stored run (made after each round of syncs). A cursor is tied to its
 * run, so every page of one listing comes from the same world even when a
 * newer run lands meanwhile. Null means "no stored run yet": `IdentitiesReader`
 * then answers live. The filters' connections are checked there.
 */
@Injectable()
export class StoredIdentitiesService {
  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    private readonly registry: VendorRegistry,
  ) {}

  /** A cursor issued from a stored run is always continued from that run. */
  static isStoredCursor(cursor: string | undefined): boolean {
    return STORED_IDENTITIES_CURSOR.owns(cursor);
  }

  async list(query: ListIdentitiesQueryDto): Promise<StoredIdentityListResponse | null> {
    const filter = identityFilterOf(query);
    const fingerprint = [
      filter.conflict ?? null,
      filter.vendor ?? null,
      filter.email ?? null,
      filter.severity ?? null,
    ];
    let runId: number | undefined;
    let after: number | null = null;
    if (query.cursor !== undefined) {
      if (!StoredIdentitiesService.isStoredCursor(query.cursor)) return null;
      ({ run: runId, after } = STORED_IDENTITIES_CURSOR.decode(query.cursor, fingerprint));
    } else if ((await this.directory.reconciliation.latestRun()) === null) {
      return null;
    }
    const page: IdentityPage | null = await this.directory.reconciliation.listIdentities({
      runId,
      after,
      limit: query.limit,
      filter,
    });
    if (page === null) {
      if (runId === undefined) return null;
      throw new InvalidCursorError(
        'position',
        `cursor belongs to reconciliation run ${runId}, which is no longer kept: start the listing again without cursor`,
      );
    }
    return {
      data: page.identities,
      nextCursor:
        page.nextAfter === null
          ? null
          : STORED_IDENTITIES_CURSOR.encode(
              { run: page.run.id, after: page.nextAfter },
              fingerprint,
            ),
      errors: page.run.vendorsFailed,
      meta: { source: 'store', run: runRef(page.run) },
    };
  }

  /**
   * Every matching identity of the latest run as CSV, the run it comes from and
   * the vendors that run could not read; null when no run is stored.
   */
  async csv(
    filters: IdentityFiltersDto,
  ): Promise<{ csv: string; run: ReconciliationRun; vendorsFailed: VendorFailure[] } | null> {
    const filter = identityFilterOf(filters);
    const run = await this.directory.reconciliation.latestRun();
    if (run === null) return null;
    const identities: StoredIdentity[] = [];
    for await (const identity of this.directory.reconciliation.streamIdentities({
      runId: run.id,
      filter,
    }))
      identities.push(identity);
    return {
      csv: identitiesToCsv(identities, { conflict: filter.conflict, severity: filter.severity }),
      run,
      vendorsFailed: run.vendorsFailed,
    };
  }

  async summary(): Promise<StoredSummaryResponse | null> {
    const stored = await this.directory.reconciliation.summary();
    if (stored === null) return null;
    return {
      ...stored.summary,
      // By connection pair; the kinds beside them (a connection no longer configured keeps its name).
      oldestOpenGaps: stored.oldestOpenGaps.map((gap) => ({
        ...gap,
        activeVendor: this.kindOf(gap.activeConnection),
        inactiveVendor: this.kindOf(gap.inactiveConnection),
      })),
      meta: { source: 'store', run: runRef(stored.run) },
    };
  }

  history(identity: string): Promise<ConflictHistoryEntry[]> {
    return this.directory.reconciliation.history(identity);
  }

  /** The members of an identity in the latest run; null when that run has no such identity. */
  members(identity: string): Promise<string[] | null> {
    return this.directory.offboarding.identityMembers(identity);
  }

  /** Open status_mismatch conflicts first seen at or before `seenBefore`, by conflict id. */
  openGaps(seenBefore: Date | null, after: number, limit: number): Promise<OpenGap[]> {
    return this.directory.offboarding.openGaps(seenBefore, after, limit);
  }

  private kindOf(connection: string): string {
    return this.registry.has(connection) ? this.registry.get(connection).vendor : connection;
  }
}
