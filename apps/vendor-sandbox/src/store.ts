import { bulkRecords } from './seed/bulk';
import { ConvirzaRecord, CrediraRecord, DeskRecord, SeedData } from './seed/records';
import { seedData } from './seed/seed';
import { SandboxVendor } from './types';

let seed: SeedData | undefined;
function seedOnce(): SeedData {
  seed ??= seedData();
  return seed;
}

let bulk: { count: number; data: SeedData } | undefined;
function bulkOnce(count: number): SeedData {
  if (bulk?.count !== count) bulk = { count, data: bulkRecords(count) };
  return bulk.data;
}

/** One sandbox's data: written records live as long as the sandbox, reset() brings the seed back. */
export class SandboxStore {
  convirza = new Map<number, ConvirzaRecord>();
  desk = new Map<string, DeskRecord>();
  credira = new Map<string, CrediraRecord>();
  /** Raw records each vendor's list also answers (a test's odd record): never read by id. */
  oddRecords: Record<SandboxVendor, unknown[]> = { convirza: [], desk: [], credira: [] };
  private crediraSequence = 0;
  /** Users to remove once the vendor's list has answered `lists` more times (a test's mid-sync removal). */
  private removals: { vendor: SandboxVendor; id: string; lists: number }[] = [];

  /**
   * `extraUsersPerVendor` bulk people are appended after the seed (see
   * seed/bulk.ts); `variant` turns the seed into another tenant's.
   */
  constructor(
    private readonly extraUsersPerVendor = 0,
    private readonly variant: (seed: SeedData) => SeedData = (seed) => seed,
  ) {
    this.reset();
  }

  reset(): void {
    // The seed is built once per process; each sandbox and each reset gets a deep copy.
    const seed = this.variant(structuredClone(seedOnce()));
    const extra: SeedData =
      this.extraUsersPerVendor > 0
        ? structuredClone(bulkOnce(this.extraUsersPerVendor))
        : { convirza: [], desk: [], credira: [] };
    this.convirza = new Map([...seed.convirza, ...extra.convirza].map((u) => [u.ct_user_id, u]));
    this.desk = new Map([...seed.desk, ...extra.desk].map((u) => [u.id, u]));
    this.credira = new Map([...seed.credira, ...extra.credira].map((u) => [u.id, u]));
    this.crediraSequence = 0;
    this.oddRecords = { convirza: [], desk: [], credira: [] };
    this.removals = [];
  }

  /** Whether the vendor holds a user with this id (as its own routes key it). */
  has(vendor: SandboxVendor, id: string): boolean {
    return vendor === 'convirza' ? this.convirza.has(Number(id)) : this[vendor].has(id);
  }

  /** Removes a user outright, as if purged at the vendor: gone from lists and gets. */
  remove(vendor: SandboxVendor, id: string): void {
    if (vendor === 'convirza') this.convirza.delete(Number(id));
    else this[vendor].delete(id);
  }

  /** Schedules a removal after `lists` more list answers of the vendor (0: at once). */
  removeAfterLists(vendor: SandboxVendor, id: string, lists: number): void {
    if (lists === 0) this.remove(vendor, id);
    else this.removals.push({ vendor, id, lists });
  }

  /** One list answer of the vendor was made: removals whose turn has come happen now. */
  listAnswered(vendor: SandboxVendor): void {
    if (this.removals.length === 0) return;
    for (const removal of this.removals) if (removal.vendor === vendor) removal.lists -= 1;
    for (const removal of this.removals.filter((r) => r.lists <= 0))
      this.remove(removal.vendor, removal.id);
    this.removals = this.removals.filter((r) => r.lists > 0);
  }

  nextConvirzaId(): number {
    let max = 0;
    for (const id of this.convirza.keys()) if (id > max) max = id;
    return max + 1;
  }

  nextDeskId(): string {
    // A loop, not Math.max(...ids): the size knob makes 100 000 ids, too many arguments for a spread.
    let max = 0;
    for (const id of this.desk.keys())
      if (/^[0-9]{1,15}$/.test(id) && Number(id) > max) max = Number(id);
    return String(max + 1);
  }

  nextCrediraId(): string {
    this.crediraSequence += 1;
    return `user_${String(700000000 + this.crediraSequence)}`;
  }

  /**
   * Changes the last name of every `every`-th user of each vendor (in listing
   * order), as if people had been renamed: the sync benchmark's "1 % changed"
   * round. Answers how many users changed per vendor.
   */
  churn(every: number): { convirza: number; desk: number; credira: number } {
    const pick = <T>(users: Iterable<T>): T[] => [...users].filter((_, i) => i % every === 0);
    const convirza = pick(this.convirza.values());
    for (const user of convirza) user.last_name = `${user.last_name}-x`;
    const desk = pick(this.desk.values());
    for (const user of desk) user.last_name = `${user.last_name}-x`;
    const credira = pick(this.credira.values());
    for (const user of credira) user.name = `${user.name}-x`;
    return { convirza: convirza.length, desk: desk.length, credira: credira.length };
  }
}
