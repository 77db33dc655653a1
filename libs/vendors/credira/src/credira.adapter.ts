import { Inject, Injectable, Optional } from '@nestjs/common';
import { normalizeEmail } from '@userbridge/canonical';
import { InvalidRequestError } from '@userbridge/errors';
import {
  AccountLifecycle,
  CallContext,
  CONNECTION_NAME,
  offsetPages,
  PageReadOptions,
  StreamedPage,
  DeleteOptions,
  ListPage,
  ListQuery,
  pathOf,
  rawMember,
  readListRecords,
  unexpectedShape,
  UserUpdateInput,
  UserWriteInput,
  VendorAdapter,
  VendorHttpClient,
  VendorOperation,
  VendorRequest,
  VendorResponse,
  VendorUserRecord,
  requireValidId,
} from '@userbridge/vendor-core';
import { envelopeObject, parseEnvelope, VENDOR } from './credira.envelope';
import { crediraError } from './credira.errors';
import { CREDIRA_HTTP } from './credira.http';
import { CREDIRA_ID_FORMAT, isValidCrediraId } from './credira.id';
import { CREDIRA_MAPPING, parseCrediraUser } from './credira.mapper';
import { mergeMetadata } from './credira.metadata';
import { CREDIRA_MAX_PAGE_SIZE, pagesFor } from './credira.pages';
import { toCrediraBody, toCrediraUpdate, WriteMode } from './credira-write.mapper';
import { CREDIRA_WRITE_RULES } from './credira.write-rules';
import { CREDIRA_LIFECYCLE } from './credira.lifecycle';

/** Pages of one list asked at once: enough for a gateway page (≤ 3), gentle on Credira's rate limit. */
const MAX_PARALLEL_PAGES = 4;
/** findCreated gives up past this many pages (100 000 users) rather than scan without end. */
const MAX_SCAN_PAGES = 1000;

interface FetchedPage {
  /** The page's items as sent, mapped only once cut to what the caller asked for. */
  items: unknown[];
  /** The stream position of its first item (page p holds (p-1)*size ..). */
  first: number;
  total: number | null;
  totalPages: number | null;
}

function countOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

@Injectable()
export class CrediraAdapter implements VendorAdapter {
  readonly vendor = VENDOR;
  readonly displayName = 'Credira';
  readonly capabilities: readonly VendorOperation[] = [
    'get',
    'list',
    'create',
    'replace',
    'patch',
    'delete',
  ];
  readonly idFormat = CREDIRA_ID_FORMAT;
  readonly writeRules = CREDIRA_WRITE_RULES;
  readonly maxPageSize = CREDIRA_MAX_PAGE_SIZE;
  readonly lifecycle: AccountLifecycle = CREDIRA_LIFECYCLE;

  constructor(
    @Inject(CREDIRA_HTTP) private readonly http: VendorHttpClient,
    /** The connection's name: the prefix of its users' global ids. */
    @Optional() @Inject(CONNECTION_NAME) readonly name: string = VENDOR,
  ) {}

  isValidId(vendorId: string): boolean {
    return isValidCrediraId(vendorId);
  }

  async get(vendorId: string, context?: CallContext): Promise<VendorUserRecord> {
    this.checkId(vendorId);
    const response = await this.expectOk(
      { method: 'GET', path: pathOf`users/${vendorId}`, context },
      vendorId,
    );
    const record = parseCrediraUser(envelopeObject(response.body), this.name);
    if (record.user.vendorId !== vendorId)
      throw unexpectedShape(VENDOR, 'the answer is another user than the one asked for');
    return record;
  }

  /** Credira has no server-side filters (assumed): the gateway filters what this returns. */
  async list({ offset, limit, sources }: ListQuery, context?: CallContext): Promise<ListPage> {
    const plan = pagesFor(offset, limit);
    if (plan.pages.length === 0) return { users: [], rejected: [], nextOffset: offset };
    const fetched = await this.fetchPages(plan.pages, plan.pageSize, context);
    // Positions are stream positions (page p holds (p-1)*size ..), so the window is cut by them.
    const first = (plan.pages[0] - 1) * plan.pageSize;
    const inWindow = (position: number) => position >= offset && position < offset + limit;
    const items: unknown[] = [];
    const positions: number[] = [];
    for (const page of fetched)
      page.items.forEach((item, i) => {
        if (!inWindow(page.first + i)) return;
        items.push(item);
        positions.push(page.first + i);
      });
    const records = this.records(items, positions, sources);
    const read = fetched.reduce((sum, page) => sum + page.items.length, 0);
    const end = Math.min(offset + limit, first + read);
    const last = fetched[fetched.length - 1];
    const more =
      end > offset &&
      (last.total !== null ? end < last.total : last.items.length === plan.pageSize);
    return { ...records, nextOffset: more ? end : null, total: last.total };
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
    const response = await this.expectOk({
      method: 'GET',
      path: 'users',
      query: { page: 1, limit: 1 },
      context,
    });
    parseEnvelope(response.body);
  }

  async create(input: UserWriteInput, context?: CallContext): Promise<VendorUserRecord> {
    const body = toCrediraBody(input, 'create');
    const response = await this.expectOk({ method: 'POST', path: 'users', body, context });
    return this.get(this.createdId(response), context);
  }

  replace(
    vendorId: string,
    input: UserUpdateInput,
    context?: CallContext,
  ): Promise<VendorUserRecord> {
    return this.update(vendorId, input, 'replace', context);
  }

  patch(
    vendorId: string,
    input: UserUpdateInput,
    context?: CallContext,
  ): Promise<VendorUserRecord> {
    return this.update(vendorId, input, 'patch', context);
  }

  async delete(vendorId: string, { confirm }: DeleteOptions, context?: CallContext): Promise<void> {
    this.checkId(vendorId);
    if (confirm !== true) {
      throw new InvalidRequestError(
        'Deleting a Credira user is irreversible: repeat with ?confirm=true',
        {
          vendor: VENDOR,
          problems: [{ field: 'confirm', message: 'must be true: Credira cannot undo a delete' }],
        },
      );
    }
    // Any 2xx is done: no page documents the delete answer's body, and an irreversible
    // delete that already happened must never come back as a failure.
    await this.expectOk({ method: 'DELETE', path: pathOf`users/${vendorId}`, context }, vendorId);
  }

  /**
   * Emails are unique at Credira (409 on a duplicate), so the email names the
   * user a create made. Credira lists have no email filter (assumed) and keep
   * creation order, so the newest pages are read first.
   */
  async findCreated(
    input: UserWriteInput,
    context?: CallContext,
  ): Promise<VendorUserRecord | null> {
    const email = normalizeEmail(input.email);
    if (email === null) return null;
    const match = (page: FetchedPage) =>
      this.records(page.items, page.first).users.find((record) => record.user.email === email) ??
      null;
    const first = await this.fetchPage(1, CREDIRA_MAX_PAGE_SIZE, context);
    const found = match(first);
    if (found !== null || first.items.length < CREDIRA_MAX_PAGE_SIZE) return found;
    const knownPages =
      first.totalPages ??
      (first.total === null ? null : Math.ceil(first.total / CREDIRA_MAX_PAGE_SIZE));
    if (knownPages !== null) {
      for (let page = Math.min(knownPages, MAX_SCAN_PAGES); page >= 2; page--) {
        const hit = match(await this.fetchPage(page, CREDIRA_MAX_PAGE_SIZE, context));
        if (hit !== null) return hit;
      }
      return null;
    }
    for (let page = 2; page <= MAX_SCAN_PAGES; page++) {
      const fetched = await this.fetchPage(page, CREDIRA_MAX_PAGE_SIZE, context);
      const hit = match(fetched);
      if (hit !== null || fetched.items.length < CREDIRA_MAX_PAGE_SIZE) return hit;
    }
    return null;
  }

  private async update(
    vendorId: string,
    input: UserUpdateInput,
    mode: Exclude<WriteMode, 'create'>,
    context: CallContext | undefined,
  ): Promise<VendorUserRecord> {
    this.checkId(vendorId);
    // Read first: only what differs from the user as read is sent, so a status
    // (`suspended`) or a role (`billing_manager`) the canonical model only
    // approximates stays as Credira has it when the write does not change it.
    const response = await this.expectOk(
      { method: 'GET', path: pathOf`users/${vendorId}`, context },
      vendorId,
    );
    const raw = envelopeObject(response.body);
    const current = parseCrediraUser(raw, this.name);
    if (current.user.vendorId !== vendorId)
      throw unexpectedShape(VENDOR, 'the answer is another user than the one asked for');
    context?.currentRead?.(current.user);
    const body = toCrediraUpdate(input, mode, current.user);
    if (body === null) return current;
    // The raw metadata, not vendorData: vendorData lacks secret-looking keys, which a merge must keep.
    if (body.metadata !== undefined) body.metadata = mergeMetadata(raw.metadata, body.metadata);
    await this.expectOk(
      { method: 'PUT', path: pathOf`users/${vendorId}`, body, context },
      vendorId,
    );
    return this.get(vendorId, context);
  }

  /**
   * Only the id is taken from the create answer: it also carries the new
   * user's `api_key`, a secret that must go nowhere, so the user is read back
   * instead of mapped from this answer.
   */
  private createdId(response: VendorResponse): string {
    const id = envelopeObject(response.body).id;
    if (typeof id !== 'string' || !isValidCrediraId(id))
      throw unexpectedShape(VENDOR, 'the create answer carries no user id');
    return id;
  }

  /** In order; stops after a batch holding a short page, past which Credira has no users. */
  private async fetchPages(
    pages: number[],
    pageSize: number,
    context: CallContext | undefined,
  ): Promise<FetchedPage[]> {
    const fetched: FetchedPage[] = [];
    for (let i = 0; i < pages.length; i += MAX_PARALLEL_PAGES) {
      const batch = await Promise.all(
        pages
          .slice(i, i + MAX_PARALLEL_PAGES)
          .map((page) => this.fetchPage(page, pageSize, context)),
      );
      fetched.push(...batch);
      if (batch.some((page) => page.items.length < pageSize)) break;
    }
    return fetched;
  }

  private async fetchPage(
    page: number,
    pageSize: number,
    context: CallContext | undefined,
  ): Promise<FetchedPage> {
    const response = await this.expectOk({
      method: 'GET',
      path: 'users',
      query: { page, limit: pageSize },
      context,
    });
    const { data, meta } = parseEnvelope(response.body);
    if (!Array.isArray(data))
      throw unexpectedShape(VENDOR, '"data" of a user list is not an array');
    return {
      items: data,
      first: (page - 1) * pageSize,
      total: countOf(meta.total),
      totalPages: countOf(meta.total_pages),
    };
  }

  /** Items as users of this connection; unmapped, as `sources`, when the caller asked for them. */
  private records(items: unknown[], positions: number | number[], sources?: boolean) {
    return readListRecords(
      items,
      positions,
      (item) => parseCrediraUser(item, this.name),
      (item) => rawMember(item, 'id'),
      sources ? CREDIRA_MAPPING : undefined,
    );
  }

  private checkId(vendorId: string): void {
    requireValidId(this, vendorId);
  }

  private expectOk(request: VendorRequest, vendorId?: string): Promise<VendorResponse> {
    return this.http.sendOk(request, (response) => crediraError(response, vendorId));
  }
}
