import { Injectable } from '@nestjs/common';
import { CanonicalUser } from '@userbridge/canonical';
import { InvalidRequestError } from '@userbridge/errors';
import { CallContext, VendorRegistry } from '@userbridge/vendor-core';
import { Visibility } from '../auth/visibility';
import { GetUserQueryDto, ListUsersQueryDto } from './dto/list-users.query.dto';
import { UserListResponse } from './dto/user-list.response';
import { STORE_USERS_CURSOR, StoreUsersReader } from './store-users.reader';
import { UsersService } from './users.service';

/**
 * Every read of users goes through here: it picks the connections (the one
 * selection rule, `Visibility.connections`), decides between the directory
 * and a live read of the vendors, and says which in `meta`. The store answers
 * a listing once every connection asked for has been synced; `?source=live`,
 * `?include=vendorData` (the store keeps no vendor payloads) or a connection
 * never synced read live. One user is read live unless `?source=store`.
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
}
