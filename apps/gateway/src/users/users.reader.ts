import { Injectable } from '@nestjs/common';
import { CanonicalUser } from '@userbridge/canonical';
import { ScimUserListPage, ScimUserListQuery, StoredUser } from '@userbridge/directory';
import { InvalidRequestError } from '@userbridge/errors';
import { CallContext, VendorRegistry } from '@userbridge/vendor-core';
import { Visibility } from '../auth/visibility';
import { GetUserQueryDto, ListUsersQueryDto } from './dto/list-users.query.dto';
import { UserListResponse } from './dto/user-list.response';
import { STORE_USERS_CURSOR, StoreUsersReader } from './store-users.reader';
import { LiveAccount, ResolvedId, UsersService } from './users.service';

/**
 * Every read of users goes through here: it picks the connections (the one
 * selection rule, `Visibility.connections`), decides between the directory
 * and a live read of the vendors, and says which in `meta`. The store answers
 * a listing once every connection asked for has been synced; `?source=live`,
 * `?include=vendorData` (the store keeps no vendor payloads) or a connection
 * never synced read live. One user is read live unless `?source=store`.
 *
 * Readers whose source is fixed by what they answer name it by the method
 * they call: SCIM reads the directory (`scimPage`, `row`) and checks a write
 * against `current`; offboarding plans and runs read accounts with `current`
 * (a plan must show what is true now).
 */
@Injectable()
export class UsersReader {
  constructor(
    private readonly registry: VendorRegistry,
    private readonly live: UsersService,
    private readonly store: StoreUsersReader,
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
    const connections = visibility.connections(this.registry, query.vendor, query.connection);
    if (wantsLive)
      return {
        ...(await this.live.list(query, context, connections)),
        meta: { source: 'live', syncedAt: {} },
      };

    const syncedAt = await this.store.syncedAt(connections);
    const notSynced = connections.filter((c) => syncedAt[c] === null);
    if (notSynced.length === 0) return this.store.list(query, connections, syncedAt);
    if (storeOnly || storeCursor || query.source === 'store') {
      throw new InvalidRequestError(
        `${notSynced.join(', ')} ${notSynced.length === 1 ? 'has' : 'have'} not been synced yet: POST /v1/sync, or read live without q and updatedSince`,
        {
          problems: [{ field: 'connection', message: `not synced yet: ${notSynced.join(', ')}` }],
        },
      );
    }
    return {
      ...(await this.live.list(query, context, connections)),
      meta: { source: 'live', syncedAt, notSynced },
    };
  }

  /** One user: from its vendor now, or with `?source=store` as the directory last saw it. */
  get(
    globalId: string,
    query: GetUserQueryDto,
    context: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<CanonicalUser> {
    if (query.source !== 'store')
      return this.live.get(globalId, query.include === 'vendorData', context, visibility);
    if (query.include === 'vendorData')
      throw new InvalidRequestError('include=vendorData is read live: drop source=store', {
        problems: [{ field: 'include', message: 'the directory keeps no vendor payloads' }],
      });
    return this.store.get(globalId, visibility);
  }

  /** A global id checked down to its vendor's id format; a connection the key may not see is a 404. */
  resolve(globalId: string, visibility: Visibility = Visibility.ALL): ResolvedId {
    return this.live.resolve(globalId, visibility);
  }

  /** The account as its vendor holds it now; null when the vendor answers it has no such user. */
  current(account: ResolvedId, context?: CallContext): Promise<LiveAccount | null> {
    return this.live.current(account, context);
  }

  /** One user's directory row in whatever state it is (deleted, tombstoned); null when never seen. */
  row(globalId: string): Promise<StoredUser | null> {
    return this.store.row(globalId);
  }

  /** One page of a connection's stored users matching a SCIM filter. */
  scimPage(query: ScimUserListQuery): Promise<ScimUserListPage> {
    return this.store.scimPage(query);
  }
}
