import type { ReconcileResult, Severity, VendorFailure } from './types';

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

export function summarize(result: ReconcileResult): ReconcileSummary {
  const conflicts: Record<string, number> = {};
  const severities: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  const vendors: ReconcileSummary['vendors'] = {};
  const connections: ReconcileSummary['connections'] = {};
  // Read connections with no accounts still appear, with zeros: "nobody there" is a finding.
  for (const connection of result.vendorsRead)
    connections[connection] = { accounts: 0, identities: 0, active: 0 };
  let identitiesWithConflicts = 0;
  for (const identity of result.identities) {
    if (identity.conflicts.length > 0) identitiesWithConflicts++;
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
  return {
    users: result.totals.users,
    identities: result.totals.identities,
    identitiesWithConflicts,
    conflicts,
    severities,
    vendors,
    connections,
    vendorsRead: [...result.vendorsRead],
    vendorsFailed: result.vendorsFailed.map((failure) => ({ ...failure })),
  };
}
