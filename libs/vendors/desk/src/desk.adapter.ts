import { Inject, Injectable } from '@nestjs/common';
import {
  requireValidId,
  ListPage,
  ListQuery,
  pathOf,
  unexpectedShape,
  UserWriteInput,
  VendorAdapter,
  VendorHttpClient,
  VendorNotFoundError,
  VendorOperation,
  VendorRequest,
  VendorResponse,
  VendorUserRecord,
} from '@userbridge/vendor-core';
import { deskError } from './desk.errors';
import { DESK_HTTP } from './desk.http';
import { DESK_ID_FORMAT, isValidDeskId } from './desk.id';
import { deskIdOf, isObject, parseDeskArray, parseDeskUser, VENDOR } from './desk.mapper';
import { toDeskBody } from './desk-write.mapper';

/** Stream order for the unpaginated list: by numeric id, so offsets mean the same on every call. */
interface RawEntry {
  id: bigint;
  raw: unknown;
}

function byNumericId(a: RawEntry, b: RawEntry): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

@Injectable()
export class DeskAdapter implements VendorAdapter {
  readonly name = VENDOR;
  readonly displayName = 'Desk (CommPeak)';
  readonly capabilities: readonly VendorOperation[] = ['get', 'list', 'create', 'replace'];
  readonly unsupportedReasons = {
    patch:
      'the desk API has no partial update, and a read-modify-write PUT cannot be made safe against lost updates (no ETag or version field); use PUT',
    delete: 'the desk API documents no user delete; deactivate with PUT {"status":"inactive"}',
  };
  readonly idFormat = DESK_ID_FORMAT;

  constructor(@Inject(DESK_HTTP) private readonly http: VendorHttpClient) {}

  isValidId(vendorId: string): boolean {
    return isValidDeskId(vendorId);
  }

  /** Get User answers a bare array: the first element is the user, `[]` (or a 404) means none. */
  async get(vendorId: string): Promise<VendorUserRecord> {
    this.checkId(vendorId);
    const response = await this.expectOk(
      { method: 'GET', path: pathOf`users/${vendorId}` },
      vendorId,
    );
    const users = parseDeskArray(response.body);
    if (users.length === 0) throw new VendorNotFoundError(VENDOR, vendorId);
    return parseDeskUser(users[0]);
  }

  /** The desk lists every user in one answer (assumed: no pagination); offsets slice it. */
  async list({ offset, limit }: ListQuery): Promise<ListPage> {
    const all = await this.readAllRaw();
    // Only the page is mapped: the desk sends everyone on every call.
    const users = all.slice(offset, offset + limit).map((entry) => parseDeskUser(entry.raw));
    const end = offset + users.length;
    return { users, nextOffset: end < all.length ? end : null };
  }

  /** An id that cannot exist: proves reachability and credentials without listing everyone. */
  async probe(): Promise<void> {
    const response = await this.http.send({ method: 'GET', path: 'users/0' });
    if (response.status === 404) return;
    if (response.status < 200 || response.status > 299) throw deskError(response);
    parseDeskArray(response.body);
  }

  async create(input: UserWriteInput): Promise<VendorUserRecord> {
    const body = toDeskBody(input, 'create');
    const response = await this.expectOk(
      { method: 'POST', path: 'users', body },
      undefined,
      input.password,
    );
    const id = isObject(response.body) ? String(response.body.id ?? '') : '';
    if (!isValidDeskId(id)) throw unexpectedShape(VENDOR, 'the create answer carries no user id');
    return this.get(id);
  }

  async replace(vendorId: string, input: UserWriteInput): Promise<VendorUserRecord> {
    this.checkId(vendorId);
    const body = toDeskBody(input, 'replace');
    await this.expectOk(
      { method: 'PUT', path: pathOf`users/${vendorId}`, body },
      vendorId,
      input.password,
    );
    return this.get(vendorId);
  }

  /** Usernames are unique at the desk, so the username names the user a create made. */
  async findCreated(input: UserWriteInput): Promise<VendorUserRecord | null> {
    if (input.username === undefined) return null;
    const all = (await this.readAllRaw()).map((entry) => parseDeskUser(entry.raw));
    return all.find((record) => record.user.username === input.username) ?? null;
  }

  /** Every user, raw, in the stream order (numeric id); each id checked so the order holds. */
  private async readAllRaw(): Promise<RawEntry[]> {
    const response = await this.expectOk({ method: 'GET', path: 'users' });
    return parseDeskArray(response.body)
      .map((raw) => ({ id: BigInt(deskIdOf(raw)), raw }))
      .sort(byNumericId);
  }

  private checkId(vendorId: string): void {
    requireValidId(this, vendorId);
  }

  private async expectOk(
    request: VendorRequest,
    vendorId?: string,
    password?: string,
  ): Promise<VendorResponse> {
    const response = await this.http.send(request);
    if (response.status < 200 || response.status > 299)
      throw deskError(response, vendorId, password === undefined ? [] : [password]);
    return response;
  }
}
