import type { Identity, ReconcileResult, Severity, VendorFailure } from './types';

export interface ReconcileSummary {
  users: number;
  identities: number;
  identitiesWithConflicts: number;
  /** Per conflict type; each missing_in:<vendor> is counted on its own. */
  conflicts: Record<string, number>;
  severities: Record<Severity, number>;
  /** By vendor kind. */
  vendors: Record<string, { accounts: number; identities: number; active: number }>;
  /** By connection. */
  connections: Record<string, { accounts: number; identities: number; active: number }>;
  vendorsRead: string[];
  vendorsFailed: VendorFailure[];
}

/**
 * The summary counted one identity at a time, for a caller that never holds
 * every identity at once (`reconcileStream`): `summarize` is this over a
 * whole result.
 */
export class SummaryCounter {
  private readonly conflicts: Record<string, number> = {};
  private readonly severities: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  private readonly vendors: ReconcileSummary['vendors'] = {};
  private readonly connections: ReconcileSummary['connections'] = {};
  private identitiesWithConflicts = 0;

  constructor(vendorsRead: readonly string[]) {
    // Read connections with no accounts still appear, with zeros: "nobody there" is a finding.
    for (const connection of vendorsRead)
      this.connections[connection] = { accounts: 0, identities: 0, active: 0 };
  }

  add(identity: Identity): void {
    const { conflicts, severities, vendors, connections } = this;
    if (identity.conflicts.length > 0) this.identitiesWithConflicts++;
    for (const conflict of identity.conflicts) {
      conflicts[conflict.type] = (conflicts[conflict.type] ?? 0) + 1;
      severities[conflict.severity]++;
    }
    for (const member of identity.members) {
      const counts = (connections[member.connection] ??= { accounts: 0, identities: 0, active: 0 });
      counts.accounts++;
      if (member.status === 'active') counts.active++;
      const kind = (vendors[member.vendor] ??= { accounts: 0, identities: 0, active: 0 });
      kind.accounts++;
      if (member.status === 'active') kind.active++;
    }
    for (const connection of identity.connections)
      (connections[connection] ??= { accounts: 0, identities: 0, active: 0 }).identities++;
    for (const vendor of identity.vendors)
      (vendors[vendor] ??= { accounts: 0, identities: 0, active: 0 }).identities++;
  }

  summary(result: Omit<ReconcileResult, 'identities'>): ReconcileSummary {
    return {
      users: result.totals.users,
      identities: result.totals.identities,
      identitiesWithConflicts: this.identitiesWithConflicts,
      conflicts: this.conflicts,
      severities: this.severities,
      vendors: this.vendors,
      connections: this.connections,
      vendorsRead: [...result.vendorsRead],
      vendorsFailed: result.vendorsFailed.map((failure) => ({ ...failure })),
    };
  }
}

export function summarize(result: ReconcileResult): ReconcileSummary {
  const counter = new SummaryCounter(result.vendorsRead);
  for (const identity of result.identities) counter.add(identity);
  return counter.summary(result);
}
