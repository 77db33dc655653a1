import { Inject, Injectable, Logger } from '@nestjs/common';
import { CanonicalUser } from '@userbridge/canonical';
import {
  ChangeEntry,
  DIRECTORY,
  Directory,
  DirectoryTransaction,
  logMessageOf,
  StoredCanonicalUser,
} from '@userbridge/directory';
import { DomainError, InvalidRequestError, OperationNotSupportedError } from '@userbridge/errors';
import {
  DeleteOptions,
  UserUpdateInput,
  UserWriteInput,
  VendorAdapter,
  VendorConflictError,
  VendorOperation,
  VendorRegistry,
  VendorUserRecord,
} from '@userbridge/vendor-core';
import { createHash, randomUUID } from 'node:crypto';
import { UserUpdateDto } from '../users/dto/user-write.dto';
import { settleReadOnlyFields } from '../users/read-only-fields';
import { renderUser, UsersService } from '../users/users.service';
import {
  AcceptedWrite,
  CommittedWrite,
  CreateResult,
  UserWrite,
  UserWriteHook,
  WriteAction,
  WriteOrigin,
} from './write-hooks';
import { mayHaveApplied } from './write-outcome';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** An Idempotency-Key as sent, and the caller it is scoped to. */
export interface IdempotencyRequest {
  key: string | undefined;
  /** A stable, non-secret name of the caller: keys of different callers never meet. */
  scope: string;
}

/**
 * Where a create goes: a connection by name, or a vendor kind alone (which
 * names a connection only when exactly one connection has that kind).
 */
export interface CreateTarget {
  connection?: string;
  vendor?: string;
}

/** A replace or patch: the user as read back, and the read-only fields the body held and were ignored. */
export interface UpdateResult {
  user: CanonicalUser;
  ignored: string[];
}

/** Drops keys that were not sent, so `{}` and absent fields never reach an adapter as values. */
function definedFields(fields: UserWriteInput): UserWriteInput {
  const input = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
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

/**
 * The one way a user is written through the gateway, whatever the surface
 * (REST, SCIM, offboarding):
 *
 * 1. the pipeline's own checks (id format, the vendor offers the operation),
 *    then `beforeVendorCall` hooks, which may refuse;
 * 2. the vendor call (the adapter checks its vendor's rules before sending
 *    anything), a failure that may have landed marked as an unknown outcome,
 *    and, for an Idempotency-Key retried after one, a look for what the first
 *    attempt made before writing again;
 * 3. the user as read back (adapters answer writes with a read-back);
 * 4. in ONE directory transaction: the write-through, its change-feed entry
 *    and the `inTransaction` hooks;
 * 5. `afterCommit` hooks, then the answer.
 *
 * The vendor has acted by step 4: a directory that fails there is logged and
 * the write still answered (the next sync brings the directory up to date).
 */
@Injectable()
export class UserWritePipeline {
  private readonly logger = new Logger('WritePath');
  private readonly hooks: UserWriteHook[] = [];

  constructor(
    private readonly registry: VendorRegistry,
    private readonly users: UsersService,
    @Inject(DIRECTORY) private readonly directory: Directory,
  ) {}

  /** Plugs a hook into every later write; returns its removal. Hooks run in registration order. */
  register(hook: UserWriteHook): () => void {
    this.hooks.push(hook);
    return () => {
      const at = this.hooks.indexOf(hook);
      if (at >= 0) this.hooks.splice(at, 1);
    };
  }

  async create(
    target: CreateTarget,
    fields: UserWriteInput,
    origin: WriteOrigin,
    idempotency?: IdempotencyRequest,
  ): Promise<CreateResult> {
    const adapter = this.connectionOf(target, origin);
    const create = this.operation(adapter, 'create', adapter.create);
    const input = definedFields(fields);
    const write = await this.attempt('create', adapter, null, input, origin, idempotency?.key);
    if (idempotency?.key === undefined) {
      await this.beforeVendorCall(write);
      const record = await this.callVendor(write, () => create(input, origin.context));
      return { status: 201, body: await this.commitWrite(write, record), replayed: false };
    }
    if (!IDEMPOTENCY_KEY.test(idempotency.key)) {
      throw new InvalidRequestError(
        'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces',
        {
          problems: [{ field: 'Idempotency-Key', message: 'invalid header value' }],
        },
      );
    }

    const key = `${idempotency.scope}:${idempotency.key}`;
    // The connection written to, under the key the fingerprint always had (an
    // environment connection is named after its vendor): `{ vendor }` and
    // `{ connection }` bodies that reach one connection are one request.
    const fingerprint = fingerprintOf({ vendor: adapter.name, ...fields });
    const claim = await this.directory.idempotency.claim(key, fingerprint, IDEMPOTENCY_TTL_MS);
    if (!claim.claimed) {
      const { current } = claim;
      if (current.fingerprint !== fingerprint) {
        throw new VendorConflictError(
          adapter.name,
          'This Idempotency-Key was already used with a different request body',
          {
            reason: 'idempotency_key_reused',
          },
        );
      }
      if (current.state === 'completed')
        return { ...(current.response as Omit<CreateResult, 'replayed'>), replayed: true };
      throw new VendorConflictError(
        adapter.name,
        'A request with this Idempotency-Key is still in progress; retry shortly',
        {
          reason: 'idempotency_key_in_flight',
        },
      );
    }

    try {
      await this.beforeVendorCall(write);
      // After an unknown outcome, look before writing: the first attempt may have landed.
      const record = await this.callVendor(write, async () => {
        const earlier =
          claim.previous?.state === 'unknown' && adapter.findCreated
            ? await adapter.findCreated(input, origin.context)
            : null;
        return earlier ?? (await create(input, origin.context));
      });
      const response = { status: 201, body: await this.commitWrite(write, record) };
      await this.directory.idempotency.complete(key, fingerprint, response, IDEMPOTENCY_TTL_MS);
      return { ...response, replayed: false };
    } catch (error) {
      if (mayHaveApplied(error)) {
        await this.directory.idempotency.markUnknown(key, fingerprint, IDEMPOTENCY_TTL_MS);
        throw markOutcomeUnknown(error);
      }
      await this.directory.idempotency.release(key);
      throw error;
    }
  }

  replace(globalId: string, body: UserUpdateDto, origin: WriteOrigin): Promise<UpdateResult> {
    return this.update('replace', globalId, body, origin);
  }

  patch(globalId: string, body: UserUpdateDto, origin: WriteOrigin): Promise<UpdateResult> {
    return this.update('patch', globalId, body, origin);
  }

  private async update(
    action: 'replace' | 'patch',
    globalId: string,
    body: UserUpdateDto,
    origin: WriteOrigin,
  ): Promise<UpdateResult> {
    const { adapter, vendorId } = this.users.resolve(globalId, origin.visibility);
    const write = this.operation(adapter, action, adapter[action]);
    // An adapter's name is its connection, its vendor the kind.
    const { input, ignored } = settleReadOnlyFields(body, {
      id: globalId,
      connection: adapter.name,
      vendor: adapter.vendor,
      vendorId,
    });
    if (action === 'patch' && Object.keys(input).length === 0) {
      throw new InvalidRequestError(
        ignored.length > 0
          ? 'A PATCH needs at least one field to change: read-only fields change nothing'
          : 'A PATCH needs at least one field to change',
      );
    }
    const attempt = await this.attempt(action, adapter, globalId, input, origin);
    await this.beforeVendorCall(attempt);
    // A read-merge-write adapter reads the user before writing: that read is a better "before".
    let read: StoredCanonicalUser | null = null;
    const context = {
      ...origin.context,
      currentRead: (user: StoredCanonicalUser) => (read = user),
    };
    const record = await this.callVendor(attempt, () => write(vendorId, input, context));
    const known: UserWrite =
      read === null ? attempt : { ...attempt, before: read, beforeSource: 'vendor' };
    return { user: await this.commitWrite(known, record), ignored };
  }

  async delete(globalId: string, options: DeleteOptions, origin: WriteOrigin): Promise<void> {
    const { adapter, vendorId } = this.users.resolve(globalId, origin.visibility);
    const remove = this.operation(adapter, 'delete', adapter.delete);
    const write = await this.attempt('delete', adapter, globalId, null, origin);
    await this.beforeVendorCall(write);
    await this.callVendor(write, () => remove(vendorId, options, origin.context));
    const accepted: AcceptedWrite = { ...write, target: globalId, user: null };
    await this.commit(accepted, (also) => this.directory.users.recordDeleted(globalId, also));
  }

  private async attempt(
    action: WriteAction,
    adapter: VendorAdapter,
    target: string | null,
    input: UserWriteInput | UserUpdateInput | null,
    origin: WriteOrigin,
    idempotencyKey?: string,
  ): Promise<UserWrite> {
    const before = target === null ? null : await this.storedCopy(target, origin);
    return {
      attempt: randomUUID(),
      action,
      connection: adapter.name,
      vendor: adapter.vendor,
      target,
      input,
      origin,
      idempotencyKey: idempotencyKey ?? origin.idempotencyKey ?? null,
      before,
      beforeSource: before === null ? 'none' : 'directory',
    };
  }

  /**
   * The directory's copy of the user about to be written (a database read,
   * never a vendor call). A store that cannot be read gives no copy: whether
   * the write may go on without the store is for the hooks to say.
   */
  private async storedCopy(
    globalId: string,
    origin: WriteOrigin,
  ): Promise<StoredCanonicalUser | null> {
    try {
      // Direct: the before-image of the row this pipeline writes through, part of the write, not an answer.
      const stored = await this.directory.users.get(globalId);
      return stored === null || stored.deletedAt !== null ? null : stored.user;
    } catch (error) {
      this.logger.warn({
        reqId: origin.context.reqId,
        msg: `the stored copy of ${globalId} could not be read before writing: ${logMessageOf(error)}`,
      });
      return null;
    }
  }

  /**
   * The connection a create goes to: the one named, or the only connection of
   * the vendor kind named, among those the caller may see. Two connections of
   * that kind and no connection is a 400 naming them: guessing would create
   * the user in the wrong account. A connection hidden from the key is a 404.
   */
  private connectionOf(target: CreateTarget, origin: WriteOrigin): VendorAdapter {
    const { vendor, connection } = target;
    if (connection !== undefined) {
      origin.visibility.require(connection);
      const adapter = this.registry.get(connection);
      if (vendor !== undefined && adapter.vendor !== vendor)
        throw new InvalidRequestError(
          `connection "${connection}" is a ${adapter.vendor} connection, not ${vendor}`,
          { problems: [{ field: 'vendor', message: `${connection} is ${adapter.vendor}` }] },
        );
      return adapter;
    }
    if (vendor === undefined) {
      const names = origin.visibility.select(this.registry) ?? this.registry.names();
      throw new InvalidRequestError(
        `name the connection to create the user in: connection (one of ${names.join(', ') || 'none'}) or vendor`,
        { problems: [{ field: 'connection', message: 'connection or vendor is required' }] },
      );
    }
    const candidates = origin.visibility.select(this.registry, [vendor]) ?? [];
    if (candidates.length > 1)
      throw new InvalidRequestError(
        `${vendor} has ${candidates.length} connections (${candidates.join(', ')}): name one in connection`,
        {
          problems: [{ field: 'connection', message: `required: one of ${candidates.join(', ')}` }],
          details: { connections: candidates },
        },
      );
    return this.registry.get(candidates[0]);
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

  private async beforeVendorCall(write: UserWrite): Promise<void> {
    for (const hook of this.hooks) await hook.beforeVendorCall?.(write);
  }

  private async callVendor<T>(write: UserWrite, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const unknown = mayHaveApplied(error);
      if (unknown) markOutcomeUnknown(error);
      for (const hook of this.hooks) {
        if (!hook.afterVendorFailure) continue;
        try {
          await hook.afterVendorFailure(write, error, unknown ? 'unknown' : 'failed');
        } catch (hookError) {
          this.hookFailed(write, hook, 'afterVendorFailure', hookError);
        }
      }
      throw error;
    }
  }

  /** Steps 3 to 5 for a write that answered a user: its read-back, stored and announced. */
  private async commitWrite(write: UserWrite, record: VendorUserRecord): Promise<CanonicalUser> {
    const user = renderUser(record, false);
    const { vendorData: _omitted, ...canonical } = user;
    const accepted: AcceptedWrite = { ...write, target: user.id, user: canonical };
    await this.commit(accepted, (also) => this.directory.users.recordWrite(canonical, also));
    return user;
  }

  private async commit(
    accepted: AcceptedWrite,
    writeThrough: (
      also: (tx: DirectoryTransaction, change: ChangeEntry | null) => Promise<void>,
    ) => Promise<ChangeEntry | null>,
  ): Promise<void> {
    let committed: CommittedWrite;
    try {
      const change = await writeThrough(async (tx, written) => {
        const write: CommittedWrite = { ...accepted, change: written };
        for (const hook of this.hooks) await hook.inTransaction?.(write, tx);
        await accepted.origin.inTransaction?.(write, tx);
      });
      committed = { ...accepted, change };
    } catch (error) {
      this.logger.warn({
        reqId: accepted.origin.context.reqId,
        msg: `write-through of ${accepted.action === 'delete' ? 'the delete of ' : ''}${accepted.target} failed: ${logMessageOf(error)}`,
      });
      return;
    }
    for (const hook of this.hooks) {
      if (!hook.afterCommit) continue;
      try {
        await hook.afterCommit(committed);
      } catch (error) {
        this.hookFailed(committed, hook, 'afterCommit', error);
      }
    }
  }

  private hookFailed(write: UserWrite, hook: UserWriteHook, point: string, error: unknown): void {
    this.logger.warn({
      reqId: write.origin.context.reqId,
      msg: `write hook ${hook.name}.${point} failed for ${write.action} ${write.target ?? write.connection}: ${logMessageOf(error)}`,
    });
  }
}

/** Marks a write error as of unknown outcome once, however many steps see it. */
function markOutcomeUnknown(error: DomainError): DomainError {
  return error.details?.outcome === 'unknown' ? error : error.markOutcomeUnknown();
}
