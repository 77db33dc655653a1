import { Inject, Injectable } from '@nestjs/common';
import { DeletionConfirmation, DIRECTORY, Directory, SyncRun } from '@userbridge/directory';
import { VendorRegistry } from '@userbridge/vendor-core';
import { Visibility } from '../auth/visibility';
import {
  ConfirmDeletionsResponse,
  ListSyncRunsQueryDto,
  SyncRunListResponse,
  SyncRunView,
} from './dto/sync.dto';
import { SYNC_RUNS_CURSOR } from './sync-runs.cursor';

/** The sync runs a key may see, newest first, a page at a time. */
@Injectable()
export class SyncRunsReader {
  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    private readonly registry: VendorRegistry,
  ) {}

  async list(query: ListSyncRunsQueryDto, visibility: Visibility): Promise<SyncRunListResponse> {
    // A limited key lists the runs of its connections only, whatever it asked for.
    const connections = visibility.select(
      this.registry,
      query.vendor === undefined ? undefined : [query.vendor],
      query.connection === undefined ? undefined : [query.connection],
    );
    // The filter as the cursor remembers it: the vendor alone keeps the cursors of before connections.
    const filter =
      query.connection === undefined
        ? (query.vendor ?? null)
        : `${query.vendor ?? ''}/${query.connection}`;
    let before: number | undefined;
    if (query.cursor !== undefined) {
      before = SYNC_RUNS_CURSOR.decode(query.cursor, [filter]).before;
    }
    // One more than asked tells whether another page exists.
    const [runs, lastSuccess] = await Promise.all([
      // A filter matching no connection lists nothing (an empty list would mean "every").
      connections?.length === 0
        ? Promise.resolve([])
        : this.directory.syncRuns.list({ connections, before, limit: query.limit + 1 }),
      this.directory.syncRuns.lastSuccess(),
    ]);
    const page = SYNC_RUNS_CURSOR.page(runs, query.limit, [filter], (last) => ({
      before: last.id,
    }));
    return {
      data: page.rows.map(syncRunView),
      nextCursor: page.nextCursor,
      lastSuccess: visibility.entries(lastSuccess),
      errors: [],
    };
  }
}

export function syncRunView(run: SyncRun): SyncRunView {
  return { ...run, counts: { ...run.counts } };
}

export function confirmationView(confirmation: DeletionConfirmation): ConfirmDeletionsResponse {
  const count = (outcome: string) =>
    confirmation.results.filter((result) => result.outcome === outcome).length;
  return {
    data: {
      run: syncRunView(confirmation.run),
      deleted: count('deleted'),
      present: count('present'),
      alreadyDeleted: count('already_deleted'),
      unconfirmed: count('unconfirmed'),
      remaining: confirmation.remaining,
      results: confirmation.results.map((result) => ({ ...result })),
    },
  };
}
