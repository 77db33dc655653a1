import { Inject, Injectable } from '@nestjs/common';
import { InvalidRequestError } from '@userbridge/errors';
import { VENDOR_ADAPTERS, VendorAdapter } from '../port';

/**
 * Every configured adapter, one per connection, by connection name. Built
 * once; the gateway picks adapters only through it.
 */
@Injectable()
export class VendorRegistry {
  private readonly byName: ReadonlyMap<string, VendorAdapter>;

  constructor(@Inject(VENDOR_ADAPTERS) adapters: VendorAdapter[]) {
    const byName = new Map<string, VendorAdapter>();
    for (const adapter of adapters) {
      if (byName.has(adapter.name)) {
        throw new Error(`Two connections are registered as "${adapter.name}"`);
      }
      byName.set(adapter.name, adapter);
    }
    this.byName = byName;
  }

  /** Connection names, in configuration order. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  all(): VendorAdapter[] {
    return [...this.byName.values()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The vendor kinds that have at least one connection, in configuration order. */
  vendors(): string[] {
    return [...new Set(this.all().map((adapter) => adapter.vendor))];
  }

  /** The connections of one vendor kind (none when the kind is not configured). */
  ofVendor(vendor: string): VendorAdapter[] {
    return this.all().filter((adapter) => adapter.vendor === vendor);
  }

  /**
   * The connections a request asks for, in configuration order (so `a,b` and
   * `b,a` page alike): every connection of each vendor kind in `vendors`, and
   * the connections named in `connections`; both given, those in both. None
   * given: every connection.
   * @throws InvalidRequestError naming the configured vendors or connections
   */
  select(vendors?: readonly string[], connections?: readonly string[]): string[] {
    const kinds = vendors && vendors.length > 0 ? new Set(vendors) : null;
    const names = connections && connections.length > 0 ? new Set(connections) : null;
    if (kinds) {
      const known = this.vendors();
      const unknown = [...kinds].filter((kind) => !known.includes(kind));
      if (unknown.length > 0)
        throw new InvalidRequestError(
          `Unknown or unconfigured vendor "${unknown[0]}"; configured: ${known.length > 0 ? known.join(', ') : 'none'}`,
          { details: { vendor: unknown[0], vendors: known } },
        );
    }
    for (const name of names ?? []) this.get(name);
    return this.all()
      .filter(
        (a) => (kinds === null || kinds.has(a.vendor)) && (names === null || names.has(a.name)),
      )
      .map((a) => a.name);
  }

  /** @throws InvalidRequestError naming the configured connections */
  get(name: string): VendorAdapter {
    const adapter = this.byName.get(name);
    if (!adapter) {
      const known = this.names();
      throw new InvalidRequestError(
        `Unknown or unconfigured connection "${name}"; configured: ${known.length > 0 ? known.join(', ') : 'none'}`,
        { details: { connection: name, connections: known } },
      );
    }
    return adapter;
  }
}
