import { Inject, Injectable } from '@nestjs/common';
import { CanonicalUser } from '@userbridge/canonical';
import { InvalidRequestError, OperationNotSupportedError } from '@userbridge/errors';
import {
  CallContext,
  UserWriteInput,
  VendorAdapter,
  VendorConflictError,
  VendorOperation,
  VendorRegistry,
} from '@userbridge/vendor-core';
import { createHash } from 'node:crypto';
import {
  IDEMPOTENCY_STORE,
  IdempotencyStore,
  StoredResponse,
} from '../idempotency/idempotency.store';
import { CreateUserDto, UserUpdateDto, UserWriteDto } from './dto/user-write.dto';
import { Visibility } from '../auth/visibility';
import { settleReadOnlyFields, UserIdentity } from './read-only-fields';
import { renderUser, UsersService } from './users.service';
import { StoreWriteThrough } from './store-write-through';
import { mayHaveApplied } from './write-outcome';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** A replace or patch: the user as read back, and the read-only fields the body held and were ignored. */
export interface UpdateResult {
  user: CanonicalUser;
  ignored: string[];
}

/**
 * What a body's identifying fields must repeat. Every connection is named
 * after its vendor's adapter here, so connection and vendor are the adapter's name.
 */
function identityOf(globalId: string, adapter: VendorAdapter, vendorId: string): UserIdentity {
  return { id: globalId, connection: adapter.name, vendor: adapter.name, vendorId };
}

export interface WriteResult {
  status: number;
  body: CanonicalUser;
  replayed: boolean;
}

/** Drops keys that were not sent, so `{}` and absent fields never reach an adapter as values. */
function toWriteInput(dto: Omit<UserWriteDto, 'vendor'>): UserWriteInput {
  const input = Object.fromEntries(
    Object.entries(dto).filter(([, value]) => value !== undefined),
  ) as UserWriteInput;
  // A group's name is read-only: only its id reaches the vendor.
  if (input.groups) input.groups = input.groups.map((group) => ({ id: group.id }));
  return input;
}

function fingerprintOf(body: unknown): string {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
          )
        : value;
  return createHash('sha256')
    .update(JSON.stringify(sorted(body)))
    .digest('base64url');
}

@Injectable()
export class UserWritesService {
  constructor(
    private readonly registry: VendorRegistry,
    private readonly users: UsersService,
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    private readonly writeThrough: StoreWriteThrough,
  ) {}

  async create(
    dto: CreateUserDto,
    idempotencyKey: string | undefined,
    callerScope: string,
    context: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<WriteResult> {
    const { vendor, ...fields } = dto;
    visibility.require(vendor);
    const adapter = this.registry.get(vendor);
    const create = this.operation(adapter, 'create', adapter.create);
    const input = toWriteInput(fields);
    if (idempotencyKey === undefined) {
      return {
        status: 201,
        body: await this.writeThrough.written(
          renderUser(await this.outcomeAware(create(input, context)), false),
          context,
        ),
        replayed: false,
      };
    }
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new InvalidRequestError(
        'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces',
        {
          problems: [{ field: 'Idempotency-Key', message: 'invalid header value' }],
        },
      );
    }

    const key = `${callerScope}:${idempotencyKey}`;
    const fingerprint = fingerprintOf(dto);
    const claim = await this.store.claim(key, fingerprint, IDEMPOTENCY_TTL_MS);
    if (!claim.claimed) {
      const { current } = claim;
      if (current.fingerprint !== fingerprint) {
        throw new VendorConflictError(
          vendor,
          'This Idempotency-Key was already used with a different request body',
          {
            reason: 'idempotency_key_reused',
          },
        );
      }
      if (current.state === 'completed')
        return { ...(current.response as Omit<WriteResult, 'replayed'>), replayed: true };
      throw new VendorConflictError(
        vendor,
        'A request with this Idempotency-Key is still in progress; retry shortly',
        {
          reason: 'idempotency_key_in_flight',
        },
      );
    }

    try {
      // After an unknown outcome, look before writing: the first attempt may have landed.
      const earlier =
        claim.previous?.state === 'unknown' && adapter.findCreated
          ? await adapter.findCreated(input, context)
          : null;
      const record = earlier ?? (await create(input, context));
      const response: StoredResponse = {
        status: 201,
        body: await this.writeThrough.written(renderUser(record, false), context),
      };
      await this.store.complete(key, fingerprint, response, IDEMPOTENCY_TTL_MS);
      return { status: 201, body: response.body as CanonicalUser, replayed: false };
    } catch (error) {
      if (mayHaveApplied(error)) {
        await this.store.markUnknown(key, fingerprint, IDEMPOTENCY_TTL_MS);
        throw error.markOutcomeUnknown();
      }
      await this.store.release(key);
      throw error;
    }
  }

  async replace(
    globalId: string,
    dto: UserUpdateDto,
    context: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<UpdateResult> {
    const { adapter, vendorId } = this.users.resolve(globalId, visibility);
    const replace = this.operation(adapter, 'replace', adapter.replace);
    const { input, ignored } = settleReadOnlyFields(dto, identityOf(globalId, adapter, vendorId));
    const user = await this.writeThrough.written(
      renderUser(await this.outcomeAware(replace(vendorId, input, context)), false),
      context,
    );
    return { user, ignored };
  }

  async patch(
    globalId: string,
    dto: UserUpdateDto,
    context: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<UpdateResult> {
    const { adapter, vendorId } = this.users.resolve(globalId, visibility);
    const patch = this.operation(adapter, 'patch', adapter.patch);
    const { input, ignored } = settleReadOnlyFields(dto, identityOf(globalId, adapter, vendorId));
    if (Object.keys(input).length === 0) {
      throw new InvalidRequestError(
        ignored.length > 0
          ? 'A PATCH needs at least one field to change: read-only fields change nothing'
          : 'A PATCH needs at least one field to change',
      );
    }
    const user = await this.writeThrough.written(
      renderUser(await this.outcomeAware(patch(vendorId, input, context)), false),
      context,
    );
    return { user, ignored };
  }

  async delete(
    globalId: string,
    confirm: boolean,
    context: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<void> {
    const { adapter, vendorId } = this.users.resolve(globalId, visibility);
    const remove = this.operation(adapter, 'delete', adapter.delete);
    await this.outcomeAware(remove(vendorId, { confirm }, context));
    await this.writeThrough.deleted(globalId, context);
  }

  /** The adapter's method for an operation it declares, bound; a 405 otherwise. */
  private operation<F extends (...args: never[]) => unknown>(
    adapter: VendorAdapter,
    operation: VendorOperation,
    method: F | undefined,
  ): F {
    if (!adapter.capabilities.includes(operation) || method === undefined) {
      throw new OperationNotSupportedError(
        adapter.name,
        operation,
        adapter.unsupportedReasons?.[operation],
      );
    }
    return method.bind(adapter) as F;
  }

  private async outcomeAware<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (error) {
      throw mayHaveApplied(error) ? error.markOutcomeUnknown() : error;
    }
  }
}
