import { Injectable } from '@nestjs/common';
import { CanonicalUser } from '@userbridge/canonical';
import { CallContext, VendorAdapter, VendorRegistry } from '@userbridge/vendor-core';
import { rejectedRecordEntry, vendorErrorEntry } from '../users/users.service';
import { VendorErrorEntry } from '../users/dto/user-list.response';

export type SnapshotUser = Omit<CanonicalUser, 'vendorData'>;

export interface UserSnapshot {
  users: SnapshotUser[];
  vendorsRead: string[];
  vendorsFailed: VendorErrorEntry[];
  /**
   * Records a vendor listed that could not be read as users (code
   * `invalid_record`). Their vendor still counts as read: every other user of
   * it is in `users`.
   */
  recordsRejected: VendorErrorEntry[];
}

interface VendorRead {
  users: SnapshotUser[];
  rejected: VendorErrorEntry[];
}

/** Users asked per vendor call while reading everything. */
const PAGE_SIZE = 500;
/** A guard against a vendor whose paging never ends. */
const MAX_PAGES = 10_000;

/**
 * Reads every user of every configured vendor: vendors in parallel (one
 * sequential page stream each, so a vendor never sees more than one of our
 * list calls at a time), all pages, each user once. A vendor that fails at any
 * page is reported as not read, never as an empty vendor, so the engine cannot
 * mistake an outage for "everyone is missing there". Concurrent requests for a
 * snapshot share one read.
 */
@Injectable()
export class UserSnapshotReader {
  private inFlight: Promise<UserSnapshot> | null = null;

  constructor(private readonly registry: VendorRegistry) {}

  /** A read already under way is shared: its vendor calls carry the context of who started it. */
  read(context?: CallContext): Promise<UserSnapshot> {
    if (!this.inFlight) {
      this.inFlight = this.readAll(context).finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  private async readAll(context: CallContext | undefined): Promise<UserSnapshot> {
    const adapters = this.registry.all();
    const outcomes = await Promise.allSettled(
      adapters.map((adapter) => this.readVendor(adapter, context)),
    );
    const users: SnapshotUser[] = [];
    const vendorsRead: string[] = [];
    const vendorsFailed: VendorErrorEntry[] = [];
    const recordsRejected: VendorErrorEntry[] = [];
    outcomes.forEach((outcome, i) => {
      const adapter = adapters[i];
      if (outcome.status === 'fulfilled') {
        vendorsRead.push(adapter.name);
        users.push(...outcome.value.users);
        recordsRejected.push(...outcome.value.rejected);
      } else {
        vendorsFailed.push(vendorErrorEntry(adapter, outcome.reason));
      }
    });
    return { users, vendorsRead, vendorsFailed, recordsRejected };
  }

  private async readVendor(
    adapter: VendorAdapter,
    context: CallContext | undefined,
  ): Promise<VendorRead> {
    const byId = new Map<string, SnapshotUser>();
    const rejected = new Map<string, VendorErrorEntry>();
    let offset: number | null = 0;
    for (let page = 0; offset !== null && page < MAX_PAGES; page++) {
      const result = await adapter.list({ offset, limit: PAGE_SIZE, filters: {} }, context);
      // A user seen on two pages (the vendor's data moved while we paged) counts once.
      for (const record of result.users) byId.set(record.user.id, record.user);
      for (const record of result.rejected) {
        const entry = rejectedRecordEntry(adapter, record);
        rejected.set(`${record.vendorId ?? `#${record.position ?? rejected.size}`}`, entry);
      }
      offset = result.nextOffset !== null && result.nextOffset > offset ? result.nextOffset : null;
    }
    return { users: [...byId.values()], rejected: [...rejected.values()] };
  }
}
