import { SANDBOX_VENDORS, SandboxStats, SandboxVendor } from './types';

export class StatsBook {
  private counts: SandboxStats = StatsBook.empty();

  private static empty(): SandboxStats {
    return Object.fromEntries(SANDBOX_VENDORS.map((v) => [v, { total: 0, requests: {} }]));
  }

  count(vendor: SandboxVendor, route: string): void {
    const entry = this.counts[vendor];
    entry.total += 1;
    entry.requests[route] = (entry.requests[route] ?? 0) + 1;
  }

  snapshot(): SandboxStats {
    return JSON.parse(JSON.stringify(this.counts)) as SandboxStats;
  }

  reset(): void {
    this.counts = StatsBook.empty();
  }
}
