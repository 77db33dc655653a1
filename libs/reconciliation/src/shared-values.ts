import { MATCH_RULES } from './keys';
import type { Conflict, MatchRule } from './types';

/**
 * Values that repeat across many identities (the missing_in conflict for a
 * vendor, a vendor list, a linkedBy list) are built once per run and shared,
 * frozen so that sharing can never leak a change from one identity to another.
 * Over 300k accounts this saves tens of megabytes of identical small objects.
 * Results are therefore read-only: copy before changing.
 */
export class SharedValues {
  private readonly missing = new Map<string, Conflict>();
  private readonly vendorLists = new Map<number, string[]>();
  private readonly rulesByMask: MatchRule[][] = [];
  readonly empty: never[] = Object.freeze([]) as unknown as never[];

  constructor() {
    for (let mask = 0; mask < 1 << MATCH_RULES.length; mask++) {
      const rules = MATCH_RULES.filter((_rule, bit) => (mask & (1 << bit)) !== 0);
      this.rulesByMask.push(Object.freeze(rules) as MatchRule[]);
    }
  }

  rules(mask: number): MatchRule[] {
    return this.rulesByMask[mask];
  }

  /** Absence is the same fact for every identity, so one frozen conflict per vendor. */
  missingIn(vendor: string): Conflict {
    let conflict = this.missing.get(vendor);
    if (conflict === undefined) {
      conflict = Object.freeze({
        type: `missing_in:${vendor}` as const,
        severity: 'low' as const,
        message: `no account at ${vendor}`,
        evidence: Object.freeze({ vendor }),
      }) as Conflict;
      this.missing.set(vendor, conflict);
    }
    return conflict;
  }

  /** The sorted names of the vendors in a bit mask of vendor numbers (at most 31 vendors). */
  vendors(mask: number, vendorNames: readonly string[]): string[] {
    let shared = this.vendorLists.get(mask);
    if (shared === undefined) {
      const names: string[] = [];
      for (let v = 0; v < vendorNames.length; v++)
        if ((mask & (1 << v)) !== 0) names.push(vendorNames[v]);
      shared = Object.freeze(names.sort()) as string[];
      this.vendorLists.set(mask, shared);
    }
    return shared;
  }
}
