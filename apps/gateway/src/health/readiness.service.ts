import { Inject, Injectable } from '@nestjs/common';
import { VendorRegistry } from '@userbridge/vendor-core';
import { GatewayConfig } from '../config/gateway-config';
import { GATEWAY_CONFIG } from '../config/gateway-config.token';
import { VendorsService } from '../vendors/vendors.service';

/** All an unauthenticated caller learns: ready or not, and which vendors are down. */
export interface Readiness {
  ready: boolean;
  connectionsDown: string[];
  vendorsDown: string[];
}

/**
 * The vendor probes behind `/ready`, shared: concurrent checks wait for one
 * round of probes, and a finished round is reused for `READY_CACHE_MS`, so a
 * flood of readiness checks never becomes a flood of vendor calls.
 */
@Injectable()
export class ReadinessService {
  private round: { settledAt: number | null; result: Promise<Readiness> } | null = null;

  constructor(
    private readonly registry: VendorRegistry,
    private readonly vendors: VendorsService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  check(): Promise<Readiness> {
    const round = this.round;
    if (
      round &&
      (round.settledAt === null || Date.now() - round.settledAt < this.config.readyCacheMs)
    ) {
      return round.result;
    }
    const fresh: { settledAt: number | null; result: Promise<Readiness> } = {
      settledAt: null,
      result: this.probeAll().finally(() => {
        fresh.settledAt = Date.now();
      }),
    };
    this.round = fresh;
    return fresh.result;
  }

  private async probeAll(): Promise<Readiness> {
    const adapters = this.registry.all();
    const states = await Promise.all(adapters.map((adapter) => this.vendors.probe(adapter)));
    const down = adapters.filter((_, i) => states[i].status === 'down');
    const connectionsDown = down.map((a) => a.name);
    // vendorsDown: kinds with at least one connection down, kept for clients of one connection per vendor.
    const vendorsDown = [...new Set(down.map((a) => a.vendor))];
    return { ready: connectionsDown.length < adapters.length, connectionsDown, vendorsDown };
  }
}
