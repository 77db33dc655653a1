import { Inject, Injectable } from '@nestjs/common';
import { parseGlobalId } from '@userbridge/canonical';
import { DIRECTORY, Directory, StoredCanonicalUser, StoredUser } from '@userbridge/directory';
import { DomainError, InvalidRequestError } from '@userbridge/errors';
import {
  applyPatch,
  normalizeScimPaging,
  parseFilter,
  parsePatchOperations,
  projectAttributes,
  SCIM_LIST_RESPONSE,
  ScimError,
  scimUserSchema,
  ScimUserSchema,
} from '@userbridge/scim';
import {
  CallContext,
  UserWriteInput,
  VendorAdapter,
  VendorRegistry,
} from '@userbridge/vendor-core';
import { randomBytes } from 'node:crypto';
import { createValidationPipe } from '../common/validation';
import { GatewayConfig } from '../config/gateway-config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { UserUpdateDto } from '../users/dto/user-write.dto';
import { UsersReader } from '../users/users.reader';
import { UserWritePipeline } from '../write-path/user-write.pipeline';
import { CommittedWrite, WriteOrigin } from '../write-path/write-hooks';
import type { DirectoryTransaction } from '@userbridge/directory';
import { KeyedMutex } from './keyed-mutex';
import { ScimFirstSync } from './scim-first-sync.service';
import { schemaSelectionOf, ScimProfile, scimProfileOf } from './scim-profile';
import {
  changedScimFields,
  fromScimUser,
  SCIM_MANAGED_FIELDS,
  ScimUserResource,
  ScimWriteFields,
  toScimUser,
} from './scim-user.mapper';

/** Where a resource lives: `<base>/scim/v2/<connection>/Users/<id>`. */
export interface ScimRequestContext {
  connection: string;
  /** `http(s)://host[:port]`, for `meta.location` and `Location`. */
  origin: string;
  write: WriteOrigin;
}

export interface ScimListQuery {
  filter?: string;
  startIndex?: string;
  count?: string;
  attributes?: string;
  excludedAttributes?: string;
}

const notFound = (id: string) => new ScimError(404, undefined, `User ${id.slice(0, 80)} not found`);

/** A strong random password for a vendor that needs one the IdP did not send (never kept anywhere). */
function generatedPassword(): string {
  return `${randomBytes(18).toString('base64url')}-Aa1`;
}

/** The ETags an `If-Match` lists (`*` matches any); weak and strong forms compare alike. */
export function ifMatchAllows(header: string | undefined, version: string): boolean {
  if (header === undefined || header.trim() === '') return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = strip(version);
  return header.split(',').some((tag) => tag.trim() === '*' || strip(tag) === wanted);
}

function preconditionFailed(): ScimError {
  return new ScimError(
    412,
    undefined,
    'The user changed since the version in If-Match was read: read it again and retry',
  );
}

/**
 * The SCIM User endpoints of one connection. Reads come from the directory
 * (through `UsersReader`, which also reads the vendor's current account a
 * write is checked against);
 * writes go through the UserWritePipeline only (channel `scim`), so they
 * meet the vendor's rules, the unknown-outcome recovery, the write-through,
 * the change feed and every hook (audit, webhooks) like any other write.
 */
@Injectable()
export class ScimUsersService {
  private readonly profiles = new Map<string, ScimProfile>();
  private readonly schemas = new Map<string, ScimUserSchema>();
  /** One POST of a userName at a time per connection (lower-cased): a duplicate meets the first's user. */
  private readonly creates = new KeyedMutex();
  private readonly validation = createValidationPipe();

  constructor(
    private readonly registry: VendorRegistry,
    private readonly pipeline: UserWritePipeline,
    private readonly firstSync: ScimFirstSync,
    private readonly users: UsersReader,
    @Inject(DIRECTORY) private readonly directory: Directory,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** `filter.maxResults`: the largest page a list answers. */
  get maxResults(): number {
    return this.config.scim.maxCount;
  }

  profile(connection: string): ScimProfile {
    let profile = this.profiles.get(connection);
    if (!profile) {
      profile = scimProfileOf(
        this.registry.get(connection),
        this.config.scim.connections[connection],
      );
      this.profiles.set(connection, profile);
    }
    return profile;
  }

  /** The User schema this connection serves: only what its vendor holds. */
  schema(connection: string): ScimUserSchema {
    let schema = this.schemas.get(connection);
    if (!schema) {
      schema = scimUserSchema(schemaSelectionOf(this.profile(connection)));
      this.schemas.set(connection, schema);
    }
    return schema;
  }

  // ---------------------------------------------------------------- reads

  async list(scim: ScimRequestContext, query: ScimListQuery): Promise<Record<string, unknown>> {
    if (query.filter !== undefined && typeof query.filter !== 'string')
      throw new ScimError(400, 'invalidFilter', 'Send one filter (join conditions with and / or)');
    const filter =
      query.filter === undefined || query.filter.trim() === '' ? null : parseFilter(query.filter);
    const paging = normalizeScimPaging(query, {
      defaultCount: this.config.scim.defaultCount,
      maxCount: this.config.scim.maxCount,
    });
    await this.firstSync.ensure(scim.connection);
    const page = await this.users.scimPage({
      connection: scim.connection,
      filter,
      startIndex: paging.startIndex,
      count: paging.count,
    });
    const profile = this.profile(scim.connection);
    const resources = page.users.map((stored) =>
      this.project(this.render(stored, profile, scim), scim.connection, query),
    );
    return {
      schemas: [SCIM_LIST_RESPONSE],
      totalResults: page.totalResults,
      startIndex: paging.startIndex,
      itemsPerPage: resources.length,
      Resources: resources,
    };
  }

  async get(scim: ScimRequestContext, id: string): Promise<ScimUserResource> {
    await this.firstSync.ensure(scim.connection);
    const stored = await this.stored(scim.connection, id);
    return this.render(stored, this.profile(scim.connection), scim);
  }

  /** `attributes` / `excludedAttributes` of a query, applied to one resource. */
  project(
    resource: Record<string, unknown>,
    connection: string,
    query: Pick<ScimListQuery, 'attributes' | 'excludedAttributes'>,
  ): Record<string, unknown> {
    if (query.attributes === undefined && query.excludedAttributes === undefined) return resource;
    return projectAttributes(
      resource,
      { attributes: query.attributes, excludedAttributes: query.excludedAttributes },
      this.schema(connection),
    );
  }

  // ---------------------------------------------------------------- writes

  async create(scim: ScimRequestContext, body: unknown): Promise<ScimUserResource> {
    const resource = this.resourceBody(body);
    const profile = this.profile(scim.connection);
    const wanted = fromScimUser(resource, profile);
    await this.firstSync.ensure(scim.connection);
    const userName = String(resource.userName ?? '').trim();
    const key = `${scim.connection}\u0000${userName.toLowerCase()}`;
    return this.creates.run(key, async () => {
      // Direct: the uniqueness check of a create, under the userName's lock, not an answer.
      const existing = await this.directory.scim.findByUserName(scim.connection, userName);
      const live = existing.find((user) => user.tombstonedAt === null);
      if (live)
        throw new ScimError(
          409,
          'uniqueness',
          `A user with userName "${userName.slice(0, 80)}" already exists at ${scim.connection}`,
        );
      const tombstoned = existing[0];
      if (tombstoned) return this.reactivate(scim, profile, tombstoned, wanted);
      return this.createAtVendor(scim, profile, wanted);
    });
  }

  async replace(
    scim: ScimRequestContext,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
  ): Promise<ScimUserResource> {
    const resource = this.resourceBody(body);
    const profile = this.profile(scim.connection);
    await this.firstSync.ensure(scim.connection);
    const current = await this.current(scim, id);
    if (!ifMatchAllows(ifMatch, current.resource.meta.version)) throw preconditionFailed();
    const bodyId = resource.id;
    if (bodyId !== undefined && String(bodyId) !== id)
      throw new ScimError(400, 'mutability', 'id is read-only: it must name the user in the path');
    // A role not sent keeps the user's (IdPs send no roles unless mapped); read-only attributes are ignored.
    return this.write(scim, profile, current.user, fromScimUser(resource, profile));
  }

  async patch(
    scim: ScimRequestContext,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
  ): Promise<ScimUserResource> {
    const operations = parsePatchOperations(body);
    const profile = this.profile(scim.connection);
    await this.firstSync.ensure(scim.connection);
    const schema = this.schema(scim.connection);
    let current = await this.current(scim, id);
    if (!ifMatchAllows(ifMatch, current.resource.meta.version)) throw preconditionFailed();
    // A vendor without a partial update: read-modify-write, re-read just before writing.
    // One retry when the account changed in between, then 412.
    for (let attempt = 0; ; attempt++) {
      const patched = applyPatch(current.resource, operations, schema, { unheld: 'ignore' });
      const wanted = fromScimUser(patched.resource, profile);
      if (profile.canPatch) return this.write(scim, profile, current.user, wanted);
      const again = await this.current(scim, id);
      if (again.resource.meta.version === current.resource.meta.version)
        return this.write(scim, profile, again.user, wanted);
      if (attempt > 0 || !ifMatchAllows(ifMatch, again.resource.meta.version))
        throw preconditionFailed();
      current = again;
    }
  }

  async delete(scim: ScimRequestContext, id: string, ifMatch: string | undefined): Promise<void> {
    const profile = this.profile(scim.connection);
    await this.firstSync.ensure(scim.connection);
    const current = await this.current(scim, id);
    if (!ifMatchAllows(ifMatch, current.resource.meta.version)) throw preconditionFailed();
    const globalId = current.user.id;
    if (profile.options.deleteAtVendor === true && profile.canDelete) {
      await this.pipeline.delete(globalId, { confirm: true }, scim.write);
      return;
    }
    let tombstoned = false;
    const deactivate: ScimWriteFields = { fields: { status: 'inactive' } };
    await this.write(scim, profile, current.user, deactivate, async (_write, tx) => {
      tombstoned = await this.directory.scim.setTombstone(tx, globalId, new Date());
    });
    if (!tombstoned)
      throw new ScimError(
        503,
        undefined,
        `${id} was deactivated at ${scim.connection} but the directory could not record the delete; retry the DELETE`,
      );
  }

  // ---------------------------------------------------------------- internals

  private resourceBody(body: unknown): Record<string, unknown> {
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw new ScimError(400, 'invalidSyntax', 'The body must be a SCIM User object');
    return body as Record<string, unknown>;
  }

  private globalId(connection: string, id: string): string {
    return `${connection}:${id}`;
  }

  /** The stored user behind a SCIM id; 404 when unknown, deleted at the vendor or tombstoned. */
  private async stored(connection: string, id: string): Promise<StoredUser> {
    const adapter = this.registry.get(connection);
    if (!adapter.isValidId(id)) throw notFound(id);
    const stored = await this.users.row(this.globalId(connection, id));
    if (
      !stored ||
      stored.deletedAt !== null ||
      stored.tombstonedAt !== null ||
      stored.user.status === 'deleted'
    )
      throw notFound(id);
    return stored;
  }

  /**
   * The user as the vendor has it now (a write is checked against the
   * freshest state), with what only the directory keeps (an externalId the
   * vendor has no field for); a tombstoned or deleted account is a 404.
   */
  private async current(
    scim: ScimRequestContext,
    id: string,
  ): Promise<{ user: StoredCanonicalUser; resource: ScimUserResource; stored: StoredUser }> {
    const stored = await this.stored(scim.connection, id);
    const adapter = this.registry.get(scim.connection);
    const user = await this.liveRead(adapter, id, scim.write.context);
    if (user.status === 'deleted') throw notFound(id);
    const profile = this.profile(scim.connection);
    const merged = profile.externalIdInDirectory
      ? { ...user, externalId: stored.user.externalId }
      : user;
    const times = {
      created: merged.createdAt ?? stored.firstSeenAt,
      lastModified: merged.updatedAt ?? stored.changedAt,
    };
    return {
      user: merged,
      stored,
      resource: toScimUser(merged, profile, times, this.location(scim, id)),
    };
  }

  private async liveRead(
    adapter: VendorAdapter,
    id: string,
    context: CallContext,
  ): Promise<StoredCanonicalUser> {
    const account = await this.users.current({ adapter, vendorId: id }, context);
    if (account === null) throw notFound(id);
    const { vendorData: _omitted, ...user } = account as StoredCanonicalUser & {
      vendorData?: unknown;
    };
    return user;
  }

  private location(scim: ScimRequestContext, id: string): string {
    return `${scim.origin}/scim/v2/${scim.connection}/Users/${encodeURIComponent(id)}`;
  }

  render(stored: StoredUser, profile: ScimProfile, scim: ScimRequestContext): ScimUserResource {
    const { user } = stored;
    return toScimUser(
      user,
      profile,
      {
        created: user.createdAt ?? stored.firstSeenAt,
        lastModified: user.updatedAt ?? stored.changedAt,
      },
      this.location(scim, user.vendorId),
    );
  }

  /**
   * The written user as answered: the read-back, with what the directory
   * keeps for the vendor, and the directory's times where the vendor gives
   * none (so a later GET answers the same `meta`).
   */
  private async answer(
    scim: ScimRequestContext,
    profile: ScimProfile,
    user: StoredCanonicalUser,
    externalId: string | null,
  ): Promise<ScimUserResource> {
    const shown = profile.externalIdInDirectory ? { ...user, externalId } : user;
    const stored = await this.users.row(user.id).catch(() => null);
    const now = new Date().toISOString();
    return toScimUser(
      shown,
      profile,
      {
        created: shown.createdAt ?? stored?.firstSeenAt ?? now,
        lastModified: shown.updatedAt ?? stored?.changedAt ?? now,
      },
      this.location(scim, user.vendorId),
    );
  }

  private async validate(input: Record<string, unknown>): Promise<void> {
    try {
      await this.validation.transform(input, { type: 'body', metatype: UserUpdateDto });
    } catch (error) {
      if (error instanceof InvalidRequestError)
        throw new ScimError(400, 'invalidValue', error.message);
      throw error;
    }
  }

  private async createAtVendor(
    scim: ScimRequestContext,
    profile: ScimProfile,
    wanted: ScimWriteFields,
  ): Promise<ScimUserResource> {
    const input: UserWriteInput = {};
    for (const [name, value] of Object.entries(wanted.fields))
      if (value !== null && value !== undefined) (input as Record<string, unknown>)[name] = value;
    const externalId = wanted.fields.externalId ?? null;
    if (profile.externalIdInDirectory) delete input.externalId;
    if (profile.needsRole && input.role === undefined) input.role = 'member';
    if (profile.needsOrgUnit) {
      const orgUnit = profile.options.defaultOrgUnitId;
      if (orgUnit === undefined)
        throw new ScimError(
          400,
          'invalidValue',
          `${scim.connection} needs an org unit for a new user and IdPs send none: set options.scim.defaultOrgUnitId of the connection`,
        );
      input.orgUnitId = orgUnit;
    }
    if (profile.needsCompany) {
      const company = wanted.organization ?? profile.options.defaultCompany;
      if (company === undefined)
        throw new ScimError(
          400,
          'invalidValue',
          `${scim.connection} needs a company for a new user: send the enterprise extension's organization, or set options.scim.defaultCompany of the connection`,
        );
      input.company = company;
    }
    await this.validate({ ...input, password: undefined });
    if (profile.needsPassword) input.password = wanted.password ?? generatedPassword();
    else if (wanted.password !== undefined) input.password = wanted.password;

    const origin: WriteOrigin = {
      ...scim.write,
      inTransaction:
        profile.externalIdInDirectory && externalId !== null
          ? async (write: CommittedWrite, tx: DirectoryTransaction) => {
              await this.directory.scim.setExternalId(tx, write.target, externalId);
            }
          : undefined,
    };
    const created = await this.pipeline
      .create({ connection: scim.connection }, input, origin)
      .catch((error: unknown) => {
        throw this.uniqueness(error, wanted);
      });
    const { vendorData: _omitted, ...user } = created.body;
    return this.answer(scim, profile, user, externalId);
  }

  /** A vendor's own duplicate refusal, as SCIM's `uniqueness`. */
  private uniqueness(error: unknown, wanted: ScimWriteFields): unknown {
    if (error instanceof DomainError && error.code === 'conflict')
      return new ScimError(
        409,
        'uniqueness',
        `The vendor already has a user with this userName or email (${String(wanted.fields.username ?? wanted.fields.email ?? '').slice(0, 80)})`,
      );
    return error;
  }

  /** POST of a tombstoned account's userName: the same account comes back, written as asked. */
  private async reactivate(
    scim: ScimRequestContext,
    profile: ScimProfile,
    tombstoned: StoredUser,
    wanted: ScimWriteFields,
  ): Promise<ScimUserResource> {
    const parsed = parseGlobalId(tombstoned.user.id);
    if (!parsed) throw new ScimError(500, undefined, 'A stored user has no valid id');
    const adapter = this.registry.get(scim.connection);
    const live = await this.liveRead(adapter, parsed.vendorId, scim.write.context);
    const current = profile.externalIdInDirectory
      ? { ...live, externalId: tombstoned.user.externalId }
      : live;
    const globalId = tombstoned.user.id;
    // A POST says what the user has, not what it lacks: nothing it leaves out is cleared.
    const given = Object.fromEntries(
      Object.entries(wanted.fields).filter(([, value]) => value !== null && value !== undefined),
    );
    const asked: ScimWriteFields = { ...wanted, fields: given };
    return this.write(scim, profile, current, asked, async (_write, tx) => {
      await this.directory.scim.setTombstone(tx, globalId, null);
    });
  }

  /**
   * Writes what differs from the user as read: a vendor PATCH of the changes
   * where the vendor has one, else a PUT of the whole user (the adapter sends
   * only what changed). The externalId of a vendor without one goes to the
   * directory in the write's transaction, with `also`.
   */
  private async write(
    scim: ScimRequestContext,
    profile: ScimProfile,
    current: StoredCanonicalUser,
    wanted: ScimWriteFields,
    also?: (write: CommittedWrite, tx: DirectoryTransaction) => Promise<void>,
  ): Promise<ScimUserResource> {
    const changes: Record<string, unknown> = { ...changedScimFields(wanted.fields, current) };
    let externalId = current.externalId;
    let keepExternalId = false;
    if (profile.externalIdInDirectory && 'externalId' in changes) {
      externalId = (changes.externalId as string | null) ?? null;
      keepExternalId = true;
      delete changes.externalId;
    }
    if (wanted.password !== undefined) changes.password = wanted.password;
    if (Object.keys(changes).length === 0 && !keepExternalId && also === undefined)
      return this.answer(scim, profile, current, externalId);
    await this.validate({ ...changes, password: undefined });

    const origin: WriteOrigin = {
      ...scim.write,
      inTransaction: async (write, tx) => {
        if (keepExternalId) await this.directory.scim.setExternalId(tx, write.target, externalId);
        await also?.(write, tx);
      },
    };
    const globalId = current.id;
    let written: StoredCanonicalUser;
    if (profile.canPatch) {
      // Nothing to change at the vendor but work for the transaction (a tombstone):
      // a PATCH that repeats the status, which every vendor with a PATCH takes.
      const body = Object.keys(changes).length > 0 ? changes : { status: current.status };
      const result = await this.pipeline.patch(globalId, body as UserUpdateDto, origin);
      written = result.user;
    } else {
      const full: Record<string, unknown> = {};
      for (const name of SCIM_MANAGED_FIELDS) {
        if (name === 'externalId' && profile.externalIdInDirectory) continue;
        if (!this.writable(profile, name)) continue;
        if (current[name] !== null) full[name] = current[name];
      }
      const result = await this.pipeline.replace(
        globalId,
        { ...full, ...changes } as UserUpdateDto,
        origin,
      );
      written = result.user;
    }
    const { vendorData: _omitted, ...user } = written as StoredCanonicalUser & {
      vendorData?: unknown;
    };
    return this.answer(scim, profile, user, externalId);
  }

  private writable(profile: ScimProfile, field: (typeof SCIM_MANAGED_FIELDS)[number]): boolean {
    switch (field) {
      case 'username':
        return profile.userName === 'username';
      case 'displayName':
        return profile.displayName === 'readWrite';
      case 'phone':
        return profile.phone === 'readWrite';
      case 'timezone':
        return profile.timezone === 'readWrite';
      case 'language':
        return profile.language === 'readWrite';
      default:
        return true;
    }
  }
}
