import { formatGlobalId } from '@userbridge/canonical';
import type { CanonicalRole, UserStatus } from '@userbridge/canonical';
import { keyOf, MATCH_RULES } from './keys';
import { normalizeName } from './names';
import type { ReconcileUser } from './types';

/** An Int32Array that grows by doubling, trimmed to its length when read. */
class IntColumn {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** Exactly sized; the column is not used after. */
  take(): Int32Array {
    const kept = this.data.length === this.length ? this.data : this.data.slice(0, this.length);
    this.data = new Int32Array(0);
    return kept;
  }
}

/**
 * The few-valued fields of an account, held once per distinct combination:
 * a directory has a handful of connections, statuses and roles, so 300 000
 * accounts share some dozens of these.
 */
interface Profile {
  connection: string;
  vendor: string;
  status: UserStatus;
  role: CanonicalRole;
  vendorRole: string | null;
}

function profileKey(user: ReconcileUser): string {
  // vendorRole null and "" must stay apart: \u0001 marks null.
  return `${user.connection}\u0000${user.vendor}\u0000${user.status}\u0000${user.role}\u0000${user.vendorRole ?? '\u0001'}`;
}

/** One rule's distinct key values by group number, and each account's group (-1: none). */
export interface KeyGroups {
  readonly values: string[];
  readonly groupOf: Int32Array;
}

/**
 * The accounts a reconciliation reads, as columns instead of one object per
 * user: the caller hands users in (in batches, from a store, in any order)
 * and keeps none of them. Each user is reduced at once to what the engine
 * needs: its id, vendor id (when the id does not already say it), email and
 * display name as strings; its connection, vendor, status and roles as one
 * shared profile; its phone and external id only as their key group, the
 * distinct key values being held once.
 *
 * `seal` sorts by id and keeps the first user given for each id, as
 * `reconcile` does with an array.
 */
export class AccountTable {
  private readonly ids: string[] = [];
  /** null where the id is `<connection>:<vendorId>` (the gateway's global ids): sliced back out when read. */
  private readonly vendorIds: (string | null)[] = [];
  private readonly emails: (string | null)[] = [];
  private readonly displayNames: (string | null)[] = [];
  private readonly profileOf = new IntColumn();
  private readonly profiles: Profile[] = [];
  private readonly profileNumbers = new Map<string, number>();
  private readonly keyNumbers = MATCH_RULES.map(() => new Map<string, number>());
  private readonly keyValues: string[][] = MATCH_RULES.map(() => []);
  private readonly groupOf = MATCH_RULES.map(() => new IntColumn());
  private lastProfile = -1;
  private sealed = false;

  static of(users: Iterable<ReconcileUser>): AccountTable {
    const table = new AccountTable();
    for (const user of users) table.add(user);
    return table;
  }

  get size(): number {
    return this.ids.length;
  }

  add(user: ReconcileUser): void {
    if (this.sealed) throw new Error('AccountTable: add after seal');
    const { id, connection, vendorId } = user;
    this.ids.push(id);
    this.vendorIds.push(id === formatGlobalId(connection, vendorId) ? null : vendorId);
    this.emails.push(user.email);
    this.displayNames.push(user.displayName);
    this.profileOf.push(this.profileNumber(user));
    for (let rule = 0; rule < MATCH_RULES.length; rule++) {
      const value = keyOf(user, MATCH_RULES[rule]);
      if (value === null) {
        this.groupOf[rule].push(-1);
        continue;
      }
      const numbers = this.keyNumbers[rule];
      let group = numbers.get(value);
      if (group === undefined) {
        group = this.keyValues[rule].length;
        this.keyValues[rule].push(value);
        numbers.set(value, group);
      }
      this.groupOf[rule].push(group);
    }
  }

  /**
   * Users come in id order, so in runs of one connection, nearly all active
   * members: the previous user's profile is tried before building a key.
   */
  private profileNumber(user: ReconcileUser): number {
    const last = this.profiles[this.lastProfile];
    if (
      last !== undefined &&
      last.connection === user.connection &&
      last.vendor === user.vendor &&
      last.status === user.status &&
      last.role === user.role &&
      last.vendorRole === user.vendorRole
    )
      return this.lastProfile;
    const key = profileKey(user);
    let profile = this.profileNumbers.get(key);
    if (profile === undefined) {
      profile = this.profiles.length;
      this.profiles.push({
        connection: user.connection,
        vendor: user.vendor,
        status: user.status,
        role: user.role,
        vendorRole: user.vendorRole,
      });
      this.profileNumbers.set(key, profile);
    }
    this.lastProfile = profile;
    return profile;
  }

  /**
   * The accounts sorted by id, duplicates dropped, key groups numbered in
   * order of their first holder. The table is spent: its columns move into
   * the result.
   */
  seal(): { accounts: Accounts; keys: KeyGroups[]; duplicatesIgnored: number } {
    if (this.sealed) throw new Error('AccountTable: sealed twice');
    this.sealed = true;
    for (const numbers of this.keyNumbers) numbers.clear();
    this.profileNumbers.clear();
    const order = sortedUniqueOrder(this.ids);
    const size = order.length;
    const pick = <T>(column: T[]): T[] => {
      const out = new Array<T>(size);
      for (let i = 0; i < size; i++) out[i] = column[order[i]];
      return out;
    };
    const profileColumn = this.profileOf.take();
    const profileOf = new Int32Array(size);
    for (let i = 0; i < size; i++) profileOf[i] = profileColumn[order[i]];
    const keys = this.groupOf.map((column, rule) =>
      renumber(column.take(), this.keyValues[rule], order),
    );
    const accounts = new Accounts(
      pick(this.ids),
      pick(this.vendorIds),
      pick(this.emails),
      pick(this.displayNames),
      profileOf,
      this.profiles,
    );
    const duplicatesIgnored = this.ids.length - size;
    for (const column of [this.ids, this.vendorIds, this.emails, this.displayNames])
      column.length = 0;
    return { accounts, keys, duplicatesIgnored };
  }
}

/**
 * Positions sorted by id, ties in the order given, only the first of each id
 * kept: what a stable sort and a de-duplication make of an array. A store
 * reading by id hands them sorted already, and the sort is skipped.
 */
function sortedUniqueOrder(ids: readonly string[]): Int32Array {
  const count = ids.length;
  let sorted = true;
  for (let i = 1; i < count && sorted; i++) if (ids[i - 1] > ids[i]) sorted = false;
  let order: Int32Array;
  if (sorted) {
    order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
  } else {
    order = Int32Array.from(
      Array.from({ length: count }, (_, i) => i).sort((a, b) =>
        ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : a - b,
      ),
    );
  }
  let kept = 0;
  for (let i = 0; i < count; i++) {
    if (kept > 0 && ids[order[kept - 1]] === ids[order[i]]) continue;
    order[kept++] = order[i];
  }
  return kept === count ? order : order.slice(0, kept);
}

/** Groups renumbered in order of first holder among the kept accounts; values no kept account holds go. */
function renumber(groupOf: Int32Array, values: readonly string[], order: Int32Array): KeyGroups {
  const renumbered = new Int32Array(values.length).fill(-1);
  const kept: string[] = [];
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const group = groupOf[order[i]];
    if (group < 0) {
      out[i] = -1;
      continue;
    }
    if (renumbered[group] < 0) {
      renumbered[group] = kept.length;
      kept.push(values[group]);
    }
    out[i] = renumbered[group];
  }
  return { values: kept, groupOf: out };
}

/** Sealed accounts, by index in id order: each field read from its column. */
export class Accounts {
  constructor(
    private readonly ids: readonly string[],
    private readonly vendorIds: readonly (string | null)[],
    private readonly emails: readonly (string | null)[],
    private readonly displayNames: readonly (string | null)[],
    private readonly profileOf: Int32Array,
    private readonly profiles: readonly Profile[],
  ) {}

  get length(): number {
    return this.ids.length;
  }

  id(account: number): string {
    return this.ids[account];
  }

  vendorId(account: number): string {
    const vendorId = this.vendorIds[account];
    // The inverse of formatGlobalId for this very connection (no validation of the name).
    return vendorId ?? this.ids[account].slice(this.connection(account).length + 1);
  }

  email(account: number): string | null {
    return this.emails[account];
  }

  displayName(account: number): string | null {
    return this.displayNames[account];
  }

  /**
   * The display name in the form names are compared in (see normalizeName),
   * made when asked: per identity, a few times a run, rather than one more
   * string per account held for the whole run.
   */
  name(account: number): string | null {
    return normalizeName(this.displayNames[account]);
  }

  connection(account: number): string {
    return this.profiles[this.profileOf[account]].connection;
  }

  vendor(account: number): string {
    return this.profiles[this.profileOf[account]].vendor;
  }

  status(account: number): UserStatus {
    return this.profiles[this.profileOf[account]].status;
  }

  role(account: number): CanonicalRole {
    return this.profiles[this.profileOf[account]].role;
  }

  vendorRole(account: number): string | null {
    return this.profiles[this.profileOf[account]].vendorRole;
  }
}
