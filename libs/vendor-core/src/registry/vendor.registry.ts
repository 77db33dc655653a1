import { Inject, Injectable } from '@nestjs/common';
import { InvalidRequestError } from '@userbridge/errors';
import { VENDOR_ADAPTERS, VendorAdapter } from '../port';

/** Every configured adapter by name. Built once; the gateway picks adapters only through it. */
@Injectable()
export class VendorRegistry {
  private readonly byName: ReadonlyMap<string, VendorAdapter>;

  constructor(@Inject(VENDOR_ADAPTERS) adapters: VendorAdapter[]) {
    const byName = new Map<string, VendorAdapter>();
    for (const adapter of adapters) {
      if (byName.has(adapter.name)) {
        throw new Error(`Two vendor adapters are registered as "${adapter.name}"`);
      }
      byName.set(adapter.name, adapter);
    }
    this.byName = byName;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  all(): VendorAdapter[] {
    return [...this.byName.values()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** @throws InvalidRequestError naming the configured vendors */
  get(name: string): VendorAdapter {
    const adapter = this.byName.get(name);
    if (!adapter) {
      const known = this.names();
      throw new InvalidRequestError(
        `Unknown or unconfigured vendor "${name}"; configured: ${known.length > 0 ? known.join(', ') : 'none'}`,
        { details: { vendor: name } },
      );
    }
    return adapter;
  }
}
