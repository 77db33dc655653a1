import { ConvirzaRecord, CrediraRecord, DeskRecord, SeedData } from './seed/records';
import { seedData } from './seed/seed';

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
  }

  nextConvirzaId(): number {
    return Math.max(0, ...this.convirza.keys()) + 1;
  }

  nextDeskId(): string {
    return String(Math.max(0, ...[...this.desk.keys()].map(Number)) + 1);
  }

  nextCrediraId(): string {
    this.crediraSequence += 1;
    return `user_${String(700000000 + this.crediraSequence)}`;
  }
}
