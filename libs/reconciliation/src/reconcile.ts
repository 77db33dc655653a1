import { AccountTable, type Accounts } from './account-table';
import { findLookalikes } from './confusables';
import { buildIdentity } from './build-identity';
import { Collector } from './collector';
import type { ReconcileContext } from './context';
import { chooseNameAccount } from './display-name';
import { identityId } from './identity-id';
import { buildKeyIndex } from './key-index';
import { linkAccounts } from './link';
import { isFullName } from './names';
import { SharedValues } from './shared-values';
import type {
  Conflict,
  Identity,
  MatchReason,
  ReconcileInput,
  ReconcileResult,
  ReconcileUser,
  VendorFailure,
} from './types';

function numberVendors(accounts: Accounts): {
  vendorOf: Int32Array;
  vendorNames: string[];
} {
  const numbers = new Map<string, number>();
  const vendorNames: string[] = [];
  const vendorOf = new Int32Array(accounts.length);
  for (let i = 0; i < accounts.length; i++) {
    // Numbered by connection: two tenants of one vendor are two sources.
    const vendor = accounts.connection(i);
    let number = numbers.get(vendor);
    if (number === undefined) {
      number = vendorNames.length;
      vendorNames.push(vendor);
      numbers.set(vendor, number);
    }
    vendorOf[i] = number;
  }
  return { vendorOf, vendorNames };
}

/** Groups accounts by union-find root; identities come out ordered by their smallest member. */
function groupIdentities(
  size: number,
  find: (index: number) => number,
): { identityOf: Int32Array; identityStart: Int32Array; identityMembers: Int32Array } {
  const identityOf = new Int32Array(size);
  const identityOfRoot = new Int32Array(size).fill(-1);
  let count = 0;
  for (let i = 0; i < size; i++) {
    const root = find(i);
    if (identityOfRoot[root] < 0) identityOfRoot[root] = count++;
    identityOf[i] = identityOfRoot[root];
  }
  const identityStart = new Int32Array(count + 1);
  for (let i = 0; i < size; i++) identityStart[identityOf[i] + 1]++;
  for (let k = 0; k < count; k++) identityStart[k + 1] += identityStart[k];
  const cursor = identityStart.slice(0, count);
  const identityMembers = new Int32Array(size);
  for (let i = 0; i < size; i++) identityMembers[cursor[identityOf[i]]++] = i;
  return { identityOf, identityStart, identityMembers };
}

function comparableVendors(read: readonly string[], failed: readonly VendorFailure[]): string[] {
  const unreadable = new Set(failed.map((failure) => failure.connection));
  return [...new Set(read)].filter((vendor) => !unreadable.has(vendor)).sort();
}

interface Prepared {
  ctx: ReconcileContext;
  identityCount: number;
  vendorsRead: string[];
  vendorsFailed: VendorFailure[];
  totals: ReconcileResult['totals'];
}

/** Everything but the identities themselves: accounts linked and grouped, the indexes every identity reads. */
function prepare(input: ReconcileStreamInput): Prepared {
  const table = input.users instanceof AccountTable ? input.users : AccountTable.of(input.users);
  const { accounts, keys, duplicatesIgnored } = table.seal();
  const size = accounts.length;
  const { vendorOf, vendorNames } = numberVendors(accounts);

  const unmatchable = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    let keyless = 1;
    for (const groups of keys) if (groups.groupOf[i] >= 0) keyless = 0;
    unmatchable[i] = keyless;
  }
  const links = linkAccounts(keys, vendorOf, vendorNames.length);
  const { identityOf, identityStart, identityMembers } = groupIdentities(size, (i) =>
    links.uf.find(i),
  );
  const identityCount = identityStart.length - 1;

  const memberNames = new Collector<string | null>();
  const nameAccount = new Int32Array(identityCount);
  const fullNames = new Array<string | null>(identityCount);
  for (let k = 0; k < identityCount; k++) {
    const from = identityStart[k];
    const to = identityStart[k + 1];
    memberNames.clear();
    for (let m = from; m < to; m++) memberNames.add(accounts.name(identityMembers[m]));
    const holder = chooseNameAccount(memberNames, identityMembers, from, to);
    nameAccount[k] = holder;
    const name = holder < 0 ? null : accounts.name(holder);
    fullNames[k] = name !== null && isFullName(name) ? name : null;
  }

  const ctx: ReconcileContext = {
    accounts,
    vendorOf,
    vendorNames,
    links,
    unmatchable,
    identityOf,
    identityStart,
    identityMembers,
    identityId: (identity) => {
      const from = identityStart[identity];
      let joined = accounts.id(identityMembers[from]);
      for (let m = from + 1; m < identityStart[identity + 1]; m++)
        joined += '\n' + accounts.id(identityMembers[m]);
      return identityId(joined);
    },
    nameAccount,
    sameName: buildKeyIndex(fullNames, null, 0),
    comparableVendors: comparableVendors(input.vendorsRead, input.vendorsFailed),
    shared: new SharedValues(),
    lookalikes: new Map(),
    scratch: {
      emails: new Collector<string>(),
      conflicts: new Collector<Conflict>(),
      reasons: new Collector<MatchReason>(),
    },
  };

  return {
    ctx: { ...ctx, lookalikes: findLookalikes(ctx) },
    identityCount,
    vendorsRead: [...new Set(input.vendorsRead)].sort(),
    vendorsFailed: [...input.vendorsFailed]
      .map((failure) => ({
        vendor: failure.vendor,
        connection: failure.connection,
        code: failure.code,
        message: failure.message,
      }))
      .sort((a, b) => (a.connection < b.connection ? -1 : a.connection > b.connection ? 1 : 0)),
    totals: { users: size, identities: identityCount, duplicatesIgnored },
  };
}

export function reconcile(input: ReconcileInput): ReconcileResult {
  const { ctx, identityCount, vendorsRead, vendorsFailed, totals } = prepare(input);
  const identities = new Array<Identity>(identityCount);
  for (let k = 0; k < identityCount; k++) identities[k] = buildIdentity(ctx, k);
  return { identities, vendorsRead, vendorsFailed, totals };
}

/**
 * `reconcile`'s input, where the users may also come as an AccountTable: a
 * caller reading users in batches adds them there and holds none itself.
 */
export interface ReconcileStreamInput extends Omit<ReconcileInput, 'users'> {
  users: readonly ReconcileUser[] | AccountTable;
}

/** `reconcile`'s result with its identities made one at a time, in the same order, as they are read. */
export interface ReconcileStream extends Omit<ReconcileResult, 'identities'> {
  /** Identities ordered by their smallest member id; each is made when the iteration reaches it. */
  identities: Iterable<Identity>;
}

/**
 * The same result as `reconcile`, identity for identity, without holding the
 * identities: each is built when the caller's iteration reaches it, so a
 * caller writing them out in batches holds one batch (plus the accounts and
 * the engine's compact indexes), not 170 000 identities with their conflicts.
 * The identities can be iterated once.
 */
export function reconcileStream(input: ReconcileStreamInput): ReconcileStream {
  const { ctx, identityCount, vendorsRead, vendorsFailed, totals } = prepare(input);
  function* identities(): Generator<Identity> {
    for (let k = 0; k < identityCount; k++) yield buildIdentity(ctx, k);
  }
  return { identities: identities(), vendorsRead, vendorsFailed, totals };
}
