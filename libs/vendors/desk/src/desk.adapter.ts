import { Inject, Injectable } from '@nestjs/common';
import {
  requireValidId,
  ListPage,
  ListQuery,
  pathOf,
  UserWriteInput,
  VendorAdapter,
  VendorHttpClient,
  VendorNotFoundError,
  VendorOperation,
  VendorRequest,
  VendorResponse,
  VendorUserRecord,
} from '@userbridge/vendor-core';
import {
  createdIdOf,
  parseDeskArray,
  RawDeskUser,
  requireUpdated,
  usersInIdOrder,
  withUsername,
} from './desk.answers';
import { deskError } from './desk.errors';
import { DESK_HTTP } from './desk.http';
import { DESK_ID_FORMAT, isValidDeskId } from './desk.id';
import { parseDeskUser, VENDOR } from './desk.mapper';
import { toDeskBody } from './desk-write.mapper';
import { DESK_WRITE_RULES } from './desk.write-rules';

/** An id no desk hands out: asking for it costs one tiny answer, unlike listing everyone. */
const PROBE_PATH = 'users/0';

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
  readonly writeRules = DESK_WRITE_RULES;

  constructor(@Inject(DESK_HTTP) private readonly http: VendorHttpClient) {}

  isValidId(vendorId: string): boolean {
    return isValidDeskId(vendorId);
  }

  /** Get User answers a bare array: the first element is the user, `[]` (or a 404) means none. */
  async get(vendorId: string): Promise<VendorUserRecord> {
    requireValidId(this, vendorId);
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
    const all = await this.readAll();
    // Only the page is mapped: the desk sends everyone on every call.
    const users = all.slice(offset, offset + limit).map((entry) => parseDeskUser(entry.raw));
    const end = offset + users.length;
    return { users, nextOffset: end < all.length ? end : null };
  }

  /** 200 (an array) or 404 both prove the desk is reachable and took our credentials. */
  async probe(): Promise<void> {
    const response = await this.http.send({ method: 'GET', path: PROBE_PATH });
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
    return this.get(createdIdOf(response.body));
  }

  async replace(vendorId: string, input: UserWriteInput): Promise<VendorUserRecord> {
    requireValidId(this, vendorId);
    const body = toDeskBody(input, 'replace');
    const response = await this.expectOk(
      { method: 'PUT', path: pathOf`users/${vendorId}`, body },
      vendorId,
      input.password,
    );
    requireUpdated(response.body);
    return this.get(vendorId);
  }

  /** Usernames are unique at the desk (emails are not), so the username names the user a create made. */
  async findCreated(input: UserWriteInput): Promise<VendorUserRecord | null> {
    if (input.username === undefined) return null;
    const raw = withUsername(await this.readAll(), input.username);
    return raw === undefined ? null : parseDeskUser(raw);
  }

  private async readAll(): Promise<RawDeskUser[]> {
    const response = await this.expectOk({ method: 'GET', path: 'users' });
    return usersInIdOrder(response.body);
  }

  /** The password goes along so a vendor message echoing it is scrubbed before it becomes an error. */
  private expectOk(
    request: VendorRequest,
    vendorId?: string,
    password?: string,
  ): Promise<VendorResponse> {
    const secrets = password === undefined ? [] : [password];
    return this.http.sendOk(request, (response) => deskError(response, vendorId, secrets));
  }
}
