import { Inject, Injectable } from '@nestjs/common';
import { DIRECTORY, Directory, StoredUser } from '@userbridge/directory';
import { InvalidRequestError } from '@userbridge/errors';
import { CallContext, VendorRegistry } from '@userbridge/vendor-core';
import { Visibility } from '../auth/visibility';
import { NotInDirectoryError } from '../directory/not-in-directory.error';
import { cursorField, defineCursor, InvalidCursorError } from '@userbridge/cursor';
import { timeParam } from '../common/query-time';
import { foldSearchText } from '@userbridge/directory';
import { ListUsersQueryDto } from './dto/list-users.query.dto';
import { StoredUserResponse, UserListResponse } from './dto/user-list.response';
import { LIVE_USERS_CURSOR, UsersService } from './users.service';

/** Keyset position: the global id of the last user of the previous page. */
export const STORE_USERS_CURSOR = defineCursor({
  kind: 'users.store',
  version: 1,
  position: { after: cursorField.text({ maxLength: 300 }) },
});

/**
 * `GET /v1/users` from the directory once every vendor asked for has been
 * synced: keyset pages (after the last global id) that stay stable while users
 * come and go, plus `updatedSince` and `q`. Otherwise, or with `?source=live`
 * or `?include=vendorData` (the store keeps no vendor payloads), the live
 * fan-out answers, and `meta` says which and why.
 */
@Injectable()
export class StoreUsersReader {
  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    private readonly registry: VendorRegistry,
    private readonly live: UsersService,
  ) {}

  async list(
    query: ListUsersQueryDto,
    context: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<UserListResponse> {
    const storeOnly = query.q !== undefined || query.updatedSince !== undefined;
    const storeCursor = STORE_USERS_CURSOR.owns(query.cursor);
    const wantsLive = query.source === 'live' || query.include === 'vendorData';
    if (wantsLive && (storeOnly || storeCursor)) {
      throw new InvalidRequestError(
        'q, updatedSince and store cursors are answered from the directory: drop source=live and include=vendorData',
        { problems: [{ field: 'source', message: 'q and updatedSince need the store' }] },
      );
    }
    const vendors = this.live.selectConnections(query.vendor, query.connection, visibility);
    if (wantsLive)
      return {
        ...(await this.live.list(query, context, visibility)),
        meta: { source: 'live', syncedAt: {} },
      };

    const lastSuccess = await this.directory.syncRuns.lastSuccess();
    const syncedAt = Object.fromEntries(vendors.map((v) => [v, lastSuccess[v] ?? null]));
    const notSynced = vendors.filter((v) => syncedAt[v] === null);
    if (notSynced.length > 0) {
      if (storeOnly || storeCursor || query.source === 'store') {
        throw new InvalidRequestError(
          `${notSynced.join(', ')} ${notSynced.length === 1 ? 'has' : 'have'} not been synced yet: POST /v1/sync, or read live without q and updatedSince`,
          {
            problems: [{ field: 'connection', message: `not synced yet: ${notSynced.join(', ')}` }],
          },
        );
      }
      return {
        ...(await this.live.list(query, context, visibility)),
        meta: { source: 'live', syncedAt, notSynced },
      };
    }

    const updatedSince =
      query.updatedSince === undefined ? undefined : timeParam(query.updatedSince);
    const fingerprint = [
      vendors,
      query.email ?? null,
      query.status ?? null,
      query.role ?? null,
      updatedSince?.toISOString() ?? null,
      query.q === undefined ? null : foldSearchText(query.q),
    ];
    let after: string | null = null;
    if (query.cursor !== undefined) {
      if (LIVE_USERS_CURSOR.owns(query.cursor))
        throw new InvalidCursorError(
          'kind',
          'cursor was issued by a live listing: start over without it',
        );
      after = STORE_USERS_CURSOR.decode(query.cursor, fingerprint).after;
    }
    const page = await this.directory.users.list({
      connections: vendors,
      email: query.email,
      status: query.status,
      role: query.role,
      updatedSince,
      q: query.q,
      after,
      limit: query.limit,
    });
    return {
      data: page.users.map((stored) => ({ ...stored.user })),
      nextCursor:
        page.nextAfter === null
          ? null
          : STORE_USERS_CURSOR.encode({ after: page.nextAfter }, fingerprint),
      errors: [],
      meta: { source: 'store', syncedAt },
    };
  }

  /** One user as the directory holds it, with deletedAt for a user its vendor no longer has. */
  async get(
    globalId: string,
    visibility: Visibility = Visibility.ALL,
  ): Promise<StoredUserResponse> {
    const { adapter } = this.live.resolve(globalId, visibility);
    const stored = await this.directory.users.get(globalId);
    if (stored === null) throw new NotInDirectoryError(globalId, adapter.name);
    return storedView(stored);
  }
}

function storedView(stored: StoredUser): StoredUserResponse {
  return {
    ...stored.user,
    deletedAt: stored.deletedAt,
    firstSeenAt: stored.firstSeenAt,
    lastSeenAt: stored.lastSeenAt,
  };
}
