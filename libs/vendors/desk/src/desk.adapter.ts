import { Inject, Injectable, Optional } from '@nestjs/common';
import { CanonicalRole } from '@userbridge/canonical';
import {
  AccountLifecycle,
  CallContext,
  CONNECTION_NAME,
  jsonArrayElements,
  JsonStreamError,
  PageReadOptions,
  requireValidId,
  StreamedPage,
  VendorFailureError,
  VendorTimeoutError,
  ListPage,
  ListQuery,
  changedFields,
  pathOf,
  rawMember,
  readListRecords,
  unexpectedShape,
  UserUpdateInput,
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
  userWithId,
  usersInIdOrder,
  withUsername,
} from './desk.answers';
import { DESK_ROLE_IDS } from './desk.config';
import { DeskRolePair, deskRoleIdFor, rolePairsOf } from './desk.roles';
import { deskError } from './desk.errors';
import { DESK_HTTP } from './desk.http';
import { DESK_ID_FORMAT, isValidDeskId } from './desk.id';
import { DESK_MAPPING, parseDeskUser, VENDOR } from './desk.mapper';
import { toDeskBody } from './desk-write.mapper';
import { DESK_WRITE_RULES } from './desk.write-rules';
import { DESK_LIFECYCLE } from './desk.lifecycle';

/** An id no desk hands out: asking for it costs one tiny answer, unlike listing everyone. */
const PROBE_PATH = 'users/0';

@Injectable()
export class DeskAdapter implements VendorAdapter {
  readonly vendor = VENDOR;
  readonly displayName = 'Desk (CommPeak)';
  readonly capabilities: readonly VendorOperation[] = ['get', 'list', 'create', 'replace'];
  readonly unsupportedReasons = {
    patch:
      'the desk API has no partial update, and a read-modify-write PUT cannot be made safe against lost updates (no ETag or version field); use PUT',
    delete: 'the desk API documents no user delete; deactivate with PUT {"status":"inactive"}',
  };
  readonly idFormat = DESK_ID_FORMAT;
  readonly writeRules = DESK_WRITE_RULES;
  /** Users handed on per page of the streamed list (the desk itself answers everyone at once). */
  readonly maxPageSize = 1_000;
  readonly lifecycle: AccountLifecycle = DESK_LIFECYCLE;

  constructor(
    @Inject(DESK_HTTP) private readonly http: VendorHttpClient,
    /** DESK_ROLE_IDS, read at boot; empty when unset. */
    @Inject(DESK_ROLE_IDS) private readonly roleIds: readonly DeskRolePair[],
    /** The connection's name (one desk tenant): the prefix of its users' global ids. */
    @Optional() @Inject(CONNECTION_NAME) readonly name: string = VENDOR,
  ) {}

  isValidId(vendorId: string): boolean {
    return isValidDeskId(vendorId);
  }

  /** Get User answers a bare array: the first element is the user, `[]` (or a 404) means none. */
  async get(vendorId: string, context?: CallContext): Promise<VendorUserRecord> {
    requireValidId(this, vendorId);
    const response = await this.expectOk(
      { method: 'GET', path: pathOf`users/${vendorId}`, context },
      vendorId,
    );
    const users = parseDeskArray(response.body);
    if (users.length === 0) throw new VendorNotFoundError(VENDOR, vendorId);
    // An array may hold more than the user asked for: only that user is ever shown or written as them.
    const raw = userWithId(users, vendorId);
    if (raw === undefined)
      throw unexpectedShape(VENDOR, 'the answer holds other users than the one asked for');
    return parseDeskUser(raw, this.name);
  }

  /** The desk lists every user in one answer (assumed: no pagination); offsets slice it. */
  async list({ offset, limit, sources }: ListQuery, context?: CallContext): Promise<ListPage> {
    const all = await this.readAll(context);
    // Only the page is mapped: the desk sends everyone on every call. One odd record is dropped and reported.
    const slice = all.slice(offset, offset + limit);
    const records = readListRecords(
      slice.map((entry) => entry.raw),
      offset,
      (raw) => parseDeskUser(raw, this.name),
      (raw) => rawMember(raw, 'id'),
      sources ? DESK_MAPPING : undefined,
    );
    const end = offset + slice.length;
    return { ...records, nextOffset: end < all.length ? end : null, total: all.length };
  }

  /**
   * The desk's one list answer, read once as a stream: users are parsed one
   * at a time and handed on `pageSize` at a time, so neither the body nor the
   * array is ever held. Positions are the answer's own order (the desk is
   * assumed to answer in a stable order, as `list()`'s id order cannot be had
   * without holding everyone). The last page (`nextOffset: null`, `total`)
   * comes only after the closing bracket: a body cut short or broken fails
   * the read after the pages before it, never ends it.
   */
  async *pages(options: PageReadOptions = {}): AsyncGenerator<StreamedPage> {
    const from = options.from ?? 0;
    const size = Math.max(1, Math.floor(options.pageSize ?? this.maxPageSize));
    const readAt = options.clock ? await options.clock() : undefined;
    const answer = await this.http.openStream(
      { method: 'GET', path: 'users', context: options.context },
      (response) => deskError(response),
    );
    let position = 0;
    let batch: unknown[] = [];
    let batchStart = from;
    const page = (nextOffset: number | null): StreamedPage => {
      const records = readListRecords(
        batch,
        batchStart,
        (raw) => parseDeskUser(raw, this.name),
        (raw) => rawMember(raw, 'id'),
        options.sources ? DESK_MAPPING : undefined,
      );
      const made: StreamedPage = {
        ...records,
        offset: batchStart,
        nextOffset,
        ...(nextOffset === null ? { total: position } : {}),
        ...(readAt === undefined ? {} : { readAt }),
      };
      batch = [];
      batchStart = position;
      return made;
    };
    try {
      for await (const raw of jsonArrayElements(answer.body, this.http.maxAnswerBytes)) {
        position++;
        if (position <= from) {
          batchStart = position;
          continue;
        }
        batch.push(raw);
        if (batch.length === size) yield page(position);
      }
    } catch (error) {
      throw this.streamError(error, position);
    } finally {
      answer.body.destroy();
    }
    yield page(null);
  }

  /** A list body that broke off: the read fails, naming how far it got. */
  private streamError(error: unknown, position: number): Error {
    if (error instanceof JsonStreamError)
      return new VendorFailureError(
        this.name,
        error.reason === 'too_large'
          ? `${this.name} listed a user larger than the bound on one answer (VENDOR_MAX_RESPONSE_BYTES): ${error.message}`
          : `${this.name}'s user list could not be read after ${position} users: ${error.message}`,
        { cause: error.reason, position },
      );
    const code = (error as { code?: unknown }).code;
    if (code === 'UND_ERR_BODY_TIMEOUT')
      return new VendorTimeoutError(this.name, this.http.timeoutMs);
    if (error instanceof Error && 'code' in error && typeof code === 'string')
      return new VendorFailureError(
        this.name,
        `${this.name}'s user list broke off after ${position} users (${code})`,
        { cause: code, position },
      );
    return error instanceof VendorFailureError || error instanceof VendorTimeoutError
      ? error
      : new VendorFailureError(
          this.name,
          `${this.name}'s user list broke off after ${position} users`,
          { cause: 'network_error', position },
        );
  }

  /** 200 (an array) or 404 both prove the desk is reachable and took our credentials. */
  async probe(context?: CallContext): Promise<void> {
    const response = await this.http.send({ method: 'GET', path: PROBE_PATH, context });
    if (response.status === 404) return;
    if (response.status < 200 || response.status > 299) throw deskError(response);
    parseDeskArray(response.body);
  }

  async create(input: UserWriteInput, context?: CallContext): Promise<VendorUserRecord> {
    const learned = input.role === undefined ? [] : await this.learnedRoles(context);
    const body = toDeskBody(input, 'create', { roleId: this.roleIdOf(learned) });
    const response = await this.expectOk({ method: 'POST', path: 'users', body, context });
    return this.get(createdIdOf(response.body), context);
  }

  /**
   * Read, then PUT only what differs from the user as read (the desk's PUT
   * takes any subset of the create fields); nothing changed, nothing sent.
   */
  async replace(
    vendorId: string,
    input: UserUpdateInput,
    context?: CallContext,
  ): Promise<VendorUserRecord> {
    requireValidId(this, vendorId);
    const current = await this.get(vendorId, context);
    context?.currentRead?.(current.user);
    const changesRole = changedFields(input, current.user).role !== undefined;
    const learned = changesRole ? await this.learnedRoles(context) : [];
    const body = toDeskBody(input, 'replace', {
      current: current.user,
      roleId: this.roleIdOf(learned),
    });
    if (Object.keys(body).length === 0) return current;
    const response = await this.expectOk(
      { method: 'PUT', path: pathOf`users/${vendorId}`, body, context },
      vendorId,
    );
    requireUpdated(response.body);
    return this.get(vendorId, context);
  }

  /** Usernames are unique at the desk (emails are not), so the username names the user a create made. */
  async findCreated(
    input: UserWriteInput,
    context?: CallContext,
  ): Promise<VendorUserRecord | null> {
    if (input.username === undefined) return null;
    const raw = withUsername(await this.readAll(context), input.username);
    return raw === undefined ? null : parseDeskUser(raw, this.name);
  }

  private roleIdOf(learned: readonly DeskRolePair[]): (role: CanonicalRole) => string {
    return (role) => deskRoleIdFor(role, this.roleIds, learned);
  }

  /**
   * Role id <-> name pairs as the desk itself reports them (the `roles` object
   * of every user it lists), read inside the write that needs them: the
   * adapter keeps no cache, so a role renamed at the desk is seen at once.
   */
  private async learnedRoles(context: CallContext | undefined): Promise<DeskRolePair[]> {
    const pairs = new Map<string, DeskRolePair>();
    for (const { raw } of await this.readAll(context)) {
      for (const pair of rolePairsOf(rawMember(raw, 'roles')))
        if (pair.id !== '') pairs.set(`${pair.id}\u0000${pair.name}`, pair);
    }
    return [...pairs.values()];
  }

  private async readAll(context: CallContext | undefined): Promise<RawDeskUser[]> {
    const response = await this.expectOk({ method: 'GET', path: 'users', context });
    return usersInIdOrder(response.body);
  }

  private expectOk(request: VendorRequest, vendorId?: string): Promise<VendorResponse> {
    return this.http.sendOk(request, (response) => deskError(response, vendorId));
  }
}
