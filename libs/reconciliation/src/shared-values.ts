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
  private readonly vendorLists = new Map<string, string[]>();
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

  /** @param sorted a sorted, de-duplicated vendor list (not retained when already known) */
  vendors(sorted: string[]): string[] {
    const key = sorted.length === 1 ? sorted[0] : sorted.join('\u0000');
    let shared = this.vendorLists.get(key);
    if (shared === undefined) {
      shared = Object.freeze(sorted.slice()) as string[];
      this.vendorLists.set(key, shared);
    }
    return shared;
  }
}
