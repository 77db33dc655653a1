import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { parseGlobalId } from '@userbridge/canonical';
import { DomainError } from '@userbridge/errors';
import type { VendorRegistry } from '@userbridge/vendor-core';
import type { FastifyRequest } from 'fastify';
import { ApiKeyEntry } from '../config/api-keys';
import './caller';

/**
 * What a connection-limited key asks about a connection it may not see, or
 * one that does not exist: the same 404 for both, naming neither the hidden
 * connections nor whether the name exists (a 403 would confirm that it does).
 */
export class HiddenConnectionError extends DomainError {
  readonly code = 'not_found' as const;
  constructor(what: string) {
    super(`${what} was not found`);
  }
}

/**
 * The connections a request's key may see. A key limited to some connections
 * sees nothing of the others: every list, report, feed and count goes through
 * `filter`, and every id or name through `require`. The one place that
 * decides it, so where a connection's name comes from can change without
 * touching the callers.
 */
export class Visibility {
  static readonly ALL = new Visibility(null);

  private readonly allowed: ReadonlySet<string> | null;

  private constructor(connections: readonly string[] | null) {
    this.allowed = connections === null ? null : new Set(connections);
  }

  /** The visibility of a key; no key (an open route) limits nothing. */
  static of(entry: ApiKeyEntry | undefined): Visibility {
    return entry?.connections ? new Visibility(entry.connections) : Visibility.ALL;
  }

  /** True when the key sees only some connections. */
  get limited(): boolean {
    return this.allowed !== null;
  }

  canSee(connection: string): boolean {
    return this.allowed === null || this.allowed.has(connection);
  }

  /** The items of visible connections, in their order. */
  filter<T>(items: readonly T[], connectionOf: (item: T) => string): T[] {
    return this.allowed === null
      ? [...items]
      : items.filter((item) => this.canSee(connectionOf(item)));
  }

  /** Whether a user's global id (`<connection>:<vendorId>`) is of a connection the key may see. */
  canSeeId(globalId: string): boolean {
    if (this.allowed === null) return true;
    const parsed = parseGlobalId(globalId);
    return parsed !== null && this.allowed.has(parsed.vendor);
  }

  /** The visible ones of these connection names. */
  names(connections: readonly string[]): string[] {
    return this.filter(connections, (name) => name);
  }

  /**
   * Throws a 404 when a limited key names a connection it may not see (or
   * one that does not exist); an unlimited key goes on to the usual checks.
   */
  require(connection: string, what = `Connection "${connection}"`): void {
    if (!this.canSee(connection)) throw new HiddenConnectionError(what);
  }

  /**
   * The connections a request's `?vendor=` (kinds) and `?connection=` filters
   * select among those the key may see; undefined when the key sees every
   * connection and asked for no filter (every connection, and rows of
   * connections no longer configured). For a limited key, a named connection
   * it may not see and a vendor kind none of its connections has are a 404,
   * as unknown ones are: the answer never tells whether they exist.
   */
  select(
    registry: VendorRegistry,
    vendors?: readonly string[],
    connections?: readonly string[],
  ): string[] | undefined {
    const filtered = (vendors?.length ?? 0) > 0 || (connections?.length ?? 0) > 0;
    if (this.allowed === null) return filtered ? registry.select(vendors, connections) : undefined;
    for (const name of connections ?? []) this.require(name);
    const visible = registry.all().filter((adapter) => this.canSee(adapter.name));
    const kinds = [...new Set(visible.map((adapter) => adapter.vendor))];
    // A kind none of its connections is of: hidden or unknown, the same 404.
    const unknown = (vendors ?? []).find((kind) => !kinds.includes(kind));
    if (unknown !== undefined) throw new HiddenConnectionError(`Vendor "${unknown}"`);
    const wantKinds = vendors && vendors.length > 0 ? new Set(vendors) : null;
    const wantNames = connections && connections.length > 0 ? new Set(connections) : null;
    return visible
      .filter(
        (adapter) =>
          (wantKinds === null || wantKinds.has(adapter.vendor)) &&
          (wantNames === null || wantNames.has(adapter.name)),
      )
      .map((adapter) => adapter.name);
  }

  /**
   * The connections a read covers, in configuration order: those `select`
   * picks, or every configured one. The one selection rule every reader
   * (users, identities, and what reads through them) applies, so unknown and
   * hidden names are refused alike everywhere.
   */
  connections(
    registry: VendorRegistry,
    vendors?: readonly string[],
    connections?: readonly string[],
  ): string[] {
    return this.select(registry, vendors, connections) ?? registry.names();
  }

  /** The same answer for a record of a connection: only its own keys name it. */
  entries<V>(record: Readonly<Record<string, V>>): Record<string, V> {
    if (this.allowed === null) return { ...record };
    return Object.fromEntries(Object.entries(record).filter(([name]) => this.canSee(name)));
  }
}

export function visibilityOf(request: FastifyRequest): Visibility {
  return Visibility.of(request.caller);
}

/** Injects the Visibility of the request's key into a handler. */
export const CallerVisibility = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Visibility =>
    visibilityOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
