import { Injectable } from '@nestjs/common';
import { CanonicalUser, parseGlobalId } from '@userbridge/canonical';
import { DomainError, InvalidRequestError } from '@userbridge/errors';
import {
  CallContext,
  RejectedRecord,
  requireValidId,
  UserFilters,
  VendorAdapter,
  VendorNotFoundError,
  VendorRegistry,
  VendorUserRecord,
} from '@userbridge/vendor-core';
import { cursorField, defineCursor, InvalidCursorError } from '@userbridge/cursor';
import { Visibility } from '../auth/visibility';
import { ListUsersQueryDto } from './dto/list-users.query.dto';
import { INVALID_RECORD, UserListResponse, VendorErrorEntry } from './dto/user-list.response';
import { collectPage, splitQuota } from './vendor-page.collector';

/**
 * Where each vendor still holding users stands in its own stream; a vendor
 * absent from `offsets` is finished.
 */
export const LIVE_USERS_CURSOR = defineCursor({
  kind: 'users.live',
  version: 1,
  position: { offsets: cursorField.integerMap({ key: /^[a-z][a-z0-9-]{0,31}$/ }) },
});

export interface ResolvedId {
  adapter: VendorAdapter;
  vendorId: string;
}

/** One account as its vendor answers it, without the vendor's payload. */
export type LiveAccount = VendorUserRecord['user'];

export function renderUser(record: VendorUserRecord, includeVendorData: boolean): CanonicalUser {
  return includeVendorData ? { ...record.user, vendorData: record.vendorData } : { ...record.user };
}

/** Who an error entry is about: a connection and its vendor kind. */
export type EntrySubject = Pick<VendorAdapter, 'name' | 'vendor'>;

/** One record a connection's list held that could not be read as a user: reported, never hidden. */
export function rejectedRecordEntry(
  subject: EntrySubject,
  record: RejectedRecord,
): VendorErrorEntry {
  return {
    vendor: subject.vendor,
    connection: subject.name,
    code: INVALID_RECORD,
    message: `A ${subject.name} record was skipped: ${record.reason}`,
    ...(record.vendorId === null ? {} : { vendorId: record.vendorId }),
  };
}

export function vendorErrorEntry(subject: EntrySubject, error: unknown): VendorErrorEntry {
  const who = { vendor: subject.vendor, connection: subject.name };
  if (error instanceof DomainError) return { ...who, code: error.code, message: error.message };
  return { ...who, code: 'vendor_error', message: `${subject.name} failed unexpectedly` };
}

@Injectable()
export class UsersService {
  constructor(private readonly registry: VendorRegistry) {}

  /**
   * A global id, checked down to the vendor's own id format before anything is
   * called. A connection the key may not see answers as a user that does not exist.
   */
  resolve(globalId: string, visibility: Visibility = Visibility.ALL): ResolvedId {
    const parsed = parseGlobalId(globalId);
    if (!parsed) {
      throw new InvalidRequestError(
        `"${truncate(globalId)}" is not a user id: expected <connection>:<vendorId>, e.g. convirza:12345`,
        {
          problems: [{ field: 'id', message: 'expected <connection>:<vendorId>' }],
        },
      );
    }
    visibility.require(parsed.vendor, `User ${truncate(globalId)}`);
    const adapter = this.registry.get(parsed.vendor);
    requireValidId(adapter, parsed.vendorId);
    return { adapter, vendorId: parsed.vendorId };
  }

  async get(
    globalId: string,
    includeVendorData: boolean,
    context?: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<CanonicalUser> {
    const { adapter, vendorId } = this.resolve(globalId, visibility);
    return renderUser(await adapter.get(vendorId, context), includeVendorData);
  }

  /** The account as its vendor holds it now; null when the vendor answers it has no such user. */
  async current(account: ResolvedId, context?: CallContext): Promise<LiveAccount | null> {
    try {
      return (await account.adapter.get(account.vendorId, context)).user;
    } catch (error) {
      if (error instanceof VendorNotFoundError) return null;
      throw error;
    }
  }

  /**
   * One live page over these connections (selected by `UsersReader`), read
   * now and in parallel; a connection that fails leaves an `errors` entry.
   */
  async list(
    query: ListUsersQueryDto,
    context?: CallContext,
    vendors: readonly string[] = this.registry.names(),
  ): Promise<Omit<UserListResponse, 'meta'>> {
    const filters: UserFilters = { email: query.email, status: query.status, role: query.role };
    const fingerprint = [
      vendors,
      filters.email ?? null,
      filters.status ?? null,
      filters.role ?? null,
    ];
    const offsets = this.startingOffsets(query.cursor, fingerprint, vendors);

    const active = vendors.filter((v) => offsets[v] !== undefined);
    const quotas = splitQuota(query.limit, active.length);
    const settled = await Promise.allSettled(
      active.map((name, i) =>
        collectPage(this.registry.get(name), offsets[name], quotas[i], filters, context),
      ),
    );

    const data: CanonicalUser[] = [];
    const errors: VendorErrorEntry[] = [];
    const nextOffsets: Record<string, number> = {};
    settled.forEach((outcome, i) => {
      const vendor = active[i];
      const adapter = this.registry.get(vendor);
      if (outcome.status === 'rejected') {
        // The vendor leaves the listing rather than being retried page after page:
        // the errors entry tells the caller its users are incomplete from here on.
        errors.push(vendorErrorEntry(adapter, outcome.reason));
        return;
      }
      for (const record of outcome.value.users)
        data.push(renderUser(record, query.include === 'vendorData'));
      for (const rejected of outcome.value.rejected)
        errors.push(rejectedRecordEntry(adapter, rejected));
      if (outcome.value.next !== null) nextOffsets[vendor] = outcome.value.next;
    });

    const more = Object.keys(nextOffsets).length > 0;
    return {
      data,
      nextCursor: more ? LIVE_USERS_CURSOR.encode({ offsets: nextOffsets }, fingerprint) : null,
      errors,
    };
  }

  private startingOffsets(
    cursor: string | undefined,
    fingerprint: unknown,
    vendors: readonly string[],
  ): Record<string, number> {
    if (cursor === undefined) return Object.fromEntries(vendors.map((v) => [v, 0]));
    const { offsets } = LIVE_USERS_CURSOR.decode(cursor, fingerprint);
    // The vendors are part of the fingerprint: a vendor outside them is a forgery.
    if (Object.keys(offsets).some((v) => !vendors.includes(v)))
      throw new InvalidCursorError('position', 'cursor is not valid: its position is damaged');
    return offsets;
  }
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
