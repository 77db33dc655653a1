import { Visibility } from '../auth/visibility';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@userbridge/errors';
import {
  CallContext,
  VENDOR_OPERATIONS,
  VendorAdapter,
  VendorOperation,
  VendorRegistry,
} from '@userbridge/vendor-core';
import { VendorHealth, VendorListResponse } from './vendor-status.dto';

function unsupportedOf(adapter: VendorAdapter): Partial<Record<VendorOperation, string>> {
  const missing = VENDOR_OPERATIONS.filter(
    (operation) => !adapter.capabilities.includes(operation),
  );
  return Object.fromEntries(
    missing.map((operation) => [
      operation,
      adapter.unsupportedReasons?.[operation] ?? `${adapter.displayName} does not offer it`,
    ]),
  );
}

@Injectable()
export class VendorsService {
  constructor(private readonly registry: VendorRegistry) {}

  /** Every connection the key may see with a live probe, all probed in parallel. */
  async describe(
    context?: CallContext,
    visibility: Visibility = Visibility.ALL,
  ): Promise<VendorListResponse> {
    const adapters = visibility.filter(this.registry.all(), (adapter) => adapter.name);
    const health = await Promise.all(adapters.map((adapter) => this.probe(adapter, context)));
    const data = adapters.map((adapter, i) => ({
      name: adapter.name,
      vendor: adapter.vendor,
      displayName: adapter.displayName,
      capabilities: [...adapter.capabilities],
      unsupported: unsupportedOf(adapter),
      idFormat: adapter.idFormat,
      health: health[i],
    }));
    const errors = data
      .filter((v) => v.health.status === 'down')
      .map((v) => ({
        vendor: v.vendor,
        connection: v.name,
        code: v.health.code ?? 'vendor_error',
        message: v.health.message ?? 'probe failed',
      }));
    return { data, nextCursor: null, errors };
  }

  async probe(adapter: VendorAdapter, context?: CallContext): Promise<VendorHealth> {
    const started = performance.now();
    try {
      await adapter.probe(context);
      return { status: 'up', latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      const latencyMs = Math.round(performance.now() - started);
      if (error instanceof DomainError)
        return { status: 'down', latencyMs, code: error.code, message: error.message };
      return {
        status: 'down',
        latencyMs,
        code: 'vendor_error',
        message: `${adapter.name} probe failed unexpectedly`,
      };
    }
  }
}
