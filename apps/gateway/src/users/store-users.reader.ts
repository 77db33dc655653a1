import { Inject, Injectable } from '@nestjs/common';
import {
  DIRECTORY,
  Directory,
  ScimUserListPage,
  ScimUserListQuery,
  StoredUser,
} from '@userbridge/directory';
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
 * The directory's half of the users reads: keyset pages (after the last
 * global id) that stay stable while users come and go, plus `updatedSince`
 * and `q`; SCIM's filtered pages; one user's row. Whether a read comes here
 * or goes live is `UsersReader`'s call.
 */
@Injectable()
export class StoreUsersReader {
  constructor(
    @Inject(DIRECTORY) private readonly directory: Directory,
    private readonly live: UsersService,
  ) {}

  /** When each connection was last synced completely (null: never). */
  async syncedAt(connections: readonly string[]): Promise<Record<string, string | null>> {
    const lastSuccess = await this.directory.syncRuns.lastSuccess();
    return Object.fromEntries(connections.map((c) => [c, lastSuccess[c] ?? null]));
  }

  /** One page of these connections' users, every one of them synced. */
  async list(
    query: ListUsersQueryDto,
    vendors: readonly string[],
    syncedAt: Record<string, string | null>,
  ): Promise<UserListResponse> {
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
    const stored = await this.row(globalId);
    if (stored === null) throw new NotInDirectoryError(globalId, adapter.name);
    return storedView(stored);
  }

  /** One user's row in whatever state it is (deleted, tombstoned); null when never seen. */
  row(globalId: string): Promise<StoredUser | null> {
    return this.directory.users.get(globalId);
  }

  /** One page of a connection's users matching a SCIM filter, tombstoned and deleted ones left out. */
  scimPage(query: ScimUserListQuery): Promise<ScimUserListPage> {
    return this.directory.scim.listUsers(query);
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
