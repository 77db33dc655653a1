import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  AccountLifecycle,
  CallContext,
  CONNECTION_NAME,
  offsetPages,
  PageReadOptions,
  StreamedPage,
  DeleteOptions,
  requireValidId,
  ListPage,
  ListQuery,
  pathOf,
  rawMember,
  readListRecords,
  unexpectedShape,
  UserFilters,
  UserUpdateInput,
  UserWriteInput,
  VendorAdapter,
  VendorHttpClient,
  VendorOperation,
  VendorRequest,
  VendorResponse,
  VendorUserRecord,
} from '@userbridge/vendor-core';
import { convirzaError } from './convirza.errors';
import { envelopeData, VENDOR } from './convirza.envelope';
import { CONVIRZA_HTTP } from './convirza.http';
import { CONVIRZA_ID_FORMAT, isValidConvirzaId } from './convirza.id';
import { CONVIRZA_MAPPING, fromConvirzaListItem, fromConvirzaUser } from './convirza.mapper';
import { roleRowFor } from './convirza.roles';
import { toConvirzaBody, toConvirzaUpdate } from './convirza-write.mapper';
import { CONVIRZA_WRITE_RULES } from './convirza.write-rules';
import { CONVIRZA_LIFECYCLE } from './convirza.lifecycle';

/** Convirza's own ceiling on `limit` for List Users. */
const MAX_LIST_LIMIT = 1000;

type ListParams = Record<string, string | number>;

/** Server-side filters Convirza offers; null when a filter cannot match anything there. */
function listFilters(filters: UserFilters): ListParams | null {
  const params: ListParams = {};
  if (filters.email !== undefined) params.email = filters.email;
  if (filters.status !== undefined) params.user_status = filters.status;
  if (filters.role !== undefined) {
    const row = roleRowFor(filters.role);
    if (!row) return null;
    params.role_id = row.id;
  }
  return params;
}

@Injectable()
export class ConvirzaAdapter implements VendorAdapter {
  readonly vendor = VENDOR;
  readonly displayName = 'Convirza';
  readonly capabilities: readonly VendorOperation[] = [
    'get',
    'list',
    'create',
    'replace',
    'patch',
    'delete',
  ];
  readonly idFormat = CONVIRZA_ID_FORMAT;
  readonly writeRules = CONVIRZA_WRITE_RULES;
  readonly maxPageSize = MAX_LIST_LIMIT;
  readonly lifecycle: AccountLifecycle = CONVIRZA_LIFECYCLE;

  constructor(
    @Inject(CONVIRZA_HTTP) private readonly http: VendorHttpClient,
    /** The connection's name: the prefix of its users' global ids. */
    @Optional() @Inject(CONNECTION_NAME) readonly name: string = VENDOR,
  ) {}

  isValidId(vendorId: string): boolean {
    return isValidConvirzaId(vendorId);
  }

  async get(vendorId: string, context?: CallContext): Promise<VendorUserRecord> {
    this.checkId(vendorId);
    const response = await this.expectOk(
      { method: 'GET', path: pathOf`users/${vendorId}`, context },
      vendorId,
    );
    return this.checkedUser(fromConvirzaUser(envelopeData(response.body), this.name), vendorId);
  }

  async list(
    { offset, limit, filters, sources }: ListQuery,
    context?: CallContext,
  ): Promise<ListPage> {
    const params = listFilters(filters);
    // Convirza has no manager role, so a role=manager filter matches nobody there.
    if (params === null) return { users: [], rejected: [], nextOffset: null };
    const response = await this.expectOk({
      method: 'GET',
      path: 'users',
      query: { ...params, limit: Math.min(limit, MAX_LIST_LIMIT), offset },
      context,
    });
    const data = envelopeData(response.body);
    if (!Array.isArray(data.users)) throw unexpectedShape(VENDOR, '"data.users" is not an array');
    // One odd item is dropped and reported; the rest of the page is still listed.
    const records = readListRecords(
      data.users,
      offset,
      (item) => fromConvirzaListItem(item, this.name),
      (item) => rawMember(item, 'ct_user_id'),
      sources ? CONVIRZA_MAPPING : undefined,
    );
    const count = data.users.length;
    const total = typeof data.total === 'number' ? data.total : null;
    const end = offset + count;
    const more =
      total === null ? count === Math.min(limit, MAX_LIST_LIMIT) && count > 0 : end < total;
    return { ...records, nextOffset: more ? end : null, total };
  }

  /** Offset pages at the largest page, several ahead (`concurrency`) once a page states the total. */
  pages(options?: PageReadOptions): AsyncIterable<StreamedPage> {
    return offsetPages(
      this.name,
      (query, context) => this.list(query, context),
      this.maxPageSize,
      options,
    );
  }

  async probe(context?: CallContext): Promise<void> {
    await this.expectOk({ method: 'GET', path: 'users', query: { limit: 1, offset: 0 }, context });
  }

  async create(input: UserWriteInput, context?: CallContext): Promise<VendorUserRecord> {
    const body = toConvirzaBody(input);
    const response = await this.expectOk({ method: 'POST', path: 'users', body, context });
    return this.get(this.writtenId(response), context);
  }

  replace(
    vendorId: string,
    input: UserUpdateInput,
    context?: CallContext,
  ): Promise<VendorUserRecord> {
    return this.update('PUT', vendorId, input, context);
  }

  patch(
    vendorId: string,
    input: UserUpdateInput,
    context?: CallContext,
  ): Promise<VendorUserRecord> {
    return this.update('PATCH', vendorId, input, context);
  }

  async delete(vendorId: string, _options?: DeleteOptions, context?: CallContext): Promise<void> {
    this.checkId(vendorId);
    await this.expectOk({ method: 'DELETE', path: pathOf`users/${vendorId}`, context }, vendorId);
  }

  /** Convirza emails are unique platform-wide, so the email names the user a create made. */
  async findCreated(
    input: UserWriteInput,
    context?: CallContext,
  ): Promise<VendorUserRecord | null> {
    if (input.email === undefined) return null;
    const page = await this.list(
      { offset: 0, limit: 1, filters: { email: input.email.toLowerCase() } },
      context,
    );
    const found = page.users[0];
    return found ? this.get(found.user.vendorId, context) : null;
  }

  /**
   * Read, merge, write the whole body, read back. Convirza has no version
   * field, so a write landing between our read and our PUT is overwritten
   * (README: the remaining race); a write that changes nothing sends nothing.
   */
  private async update(
    method: 'PUT' | 'PATCH',
    vendorId: string,
    input: UserUpdateInput,
    context: CallContext | undefined,
  ): Promise<VendorUserRecord> {
    this.checkId(vendorId);
    const current = await this.readUser(vendorId, context);
    context?.currentRead?.(current.user);
    const body = toConvirzaUpdate(input, method === 'PUT' ? 'replace' : 'patch', current);
    if (body === null) return current.record;
    await this.expectOk({ method, path: pathOf`users/${vendorId}`, body, context }, vendorId);
    return this.get(vendorId, context);
  }

  private async readUser(vendorId: string, context: CallContext | undefined) {
    const response = await this.expectOk(
      { method: 'GET', path: pathOf`users/${vendorId}`, context },
      vendorId,
    );
    const raw = envelopeData(response.body);
    const record = this.checkedUser(fromConvirzaUser(raw, this.name), vendorId);
    return { raw, user: record.user, record };
  }

  /** The user a read answered must be the one asked for: anything else would be shown or written as them. */
  private checkedUser(record: VendorUserRecord, vendorId: string): VendorUserRecord {
    if (record.user.vendorId !== vendorId)
      throw unexpectedShape(VENDOR, 'the answer is another user than the one asked for');
    return record;
  }

  /** Create answers `data.userId` (the page) or `data.ct_user_id` (seen in the wild); both are accepted. */
  private writtenId(response: VendorResponse): string {
    const data = envelopeData(response.body);
    const id = String(data.userId ?? data.ct_user_id ?? '');
    if (!isValidConvirzaId(id))
      throw unexpectedShape(VENDOR, 'the create answer carries no user id');
    return id;
  }

  private checkId(vendorId: string): void {
    requireValidId(this, vendorId);
  }

  private expectOk(request: VendorRequest, vendorId?: string): Promise<VendorResponse> {
    return this.http.sendOk(request, (response) => convirzaError(response, vendorId));
  }
}
