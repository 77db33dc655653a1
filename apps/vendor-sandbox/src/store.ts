import { ConvirzaRecord, CrediraRecord, DeskRecord, SeedData } from './seed/records';
import { seedData } from './seed/seed';
import { SandboxVendor } from './types';

let seed: SeedData | undefined;
function seedOnce(): SeedData {
  seed ??= seedData();
  return seed;
}

/** One sandbox's data: written records live as long as the sandbox, reset() brings the seed back. */
export class SandboxStore {
  convirza = new Map<number, ConvirzaRecord>();
  desk = new Map<string, DeskRecord>();
  credira = new Map<string, CrediraRecord>();
  /** Raw records each vendor's list also answers (a test's odd record): never read by id. */
  oddRecords: Record<SandboxVendor, unknown[]> = { convirza: [], desk: [], credira: [] };
  private crediraSequence = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    // The seed is built once per process; each sandbox and each reset gets a deep copy.
    const seed = structuredClone(seedOnce());
    this.convirza = new Map(seed.convirza.map((u) => [u.ct_user_id, u]));
    this.desk = new Map(seed.desk.map((u) => [u.id, u]));
    this.credira = new Map(seed.credira.map((u) => [u.id, u]));
    this.crediraSequence = 0;
    this.oddRecords = { convirza: [], desk: [], credira: [] };
  }

  nextConvirzaId(): number {
    return Math.max(0, ...this.convirza.keys()) + 1;
  }

  nextDeskId(): string {
    const numeric = [...this.desk.keys()].filter((id) => /^[0-9]{1,15}$/.test(id)).map(Number);
    return String(Math.max(0, ...numeric) + 1);
  }

  nextCrediraId(): string {
    this.crediraSequence += 1;
    return `user_${String(700000000 + this.crediraSequence)}`;
  }
}
