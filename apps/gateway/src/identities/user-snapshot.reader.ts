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

/**
 * Reads every user of every configured vendor: vendors in parallel, each
 * through its page stream (`pages`: the desk's one answer read once, paged
 * vendors one page at a time at their largest page), each user once. Paging
 * that does not advance fails that vendor, never ends its list early. A vendor that fails at any
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
    for await (const page of adapter.pages({ context })) {
      // A user seen on two pages (the vendor's data moved while we paged) counts once.
      for (const record of page.users) byId.set(record.user.id, record.user);
      for (const record of page.rejected) {
        const entry = rejectedRecordEntry(adapter, record);
        rejected.set(`${record.vendorId ?? `#${record.position ?? rejected.size}`}`, entry);
      }
    }
    return { users: [...byId.values()], rejected: [...rejected.values()] };
  }
}
