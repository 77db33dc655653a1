import fc from 'fast-check';
import { AccountTable } from './account-table';
import { keyOf, MATCH_RULES } from './keys';
import { user } from './testing/user.fixture';
import type { ReconcileUser } from './types';

/** Ids that collide (duplicates), vendor ids that the id does and does not spell, keys with noise. */
const userArbitrary = fc
  .record({
    connection: fc.constantFrom('convirza', 'desk', 'desk-eu'),
    number: fc.integer({ min: 1, max: 40 }),
    ownVendorId: fc.boolean(),
    email: fc.option(fc.constantFrom('a@x.com', ' A@X.com', 'b@x.com', 'é@x.com', '   '), {
      nil: null,
    }),
    phone: fc.option(fc.constantFrom('+1555001', ' +1555001 ', '+1555002', ''), { nil: null }),
    externalId: fc.option(fc.constantFrom('E1', 'e1', ' E2'), { nil: null }),
    displayName: fc.option(fc.constantFrom('Ann Lee', 'ann  lee', 'Zoë'), { nil: null }),
    status: fc.constantFrom('active', 'inactive', 'deleted') as fc.Arbitrary<
      ReconcileUser['status']
    >,
    role: fc.constantFrom('admin', 'member') as fc.Arbitrary<ReconcileUser['role']>,
    vendorRole: fc.constantFrom(null, '', 'Owner'),
  })
  .map(({ connection, number, ownVendorId, ...rest }) =>
    user(`${connection}:${number}`, {
      ...rest,
      connection,
      vendor: connection.split('-')[0],
      // A vendor id the global id does not spell must be kept as given.
      ...(ownVendorId ? { vendorId: `v${number}` } : {}),
    }),
  );

/** What the engine read before columns: sorted by id (stable), first of each id kept. */
function sortedUnique(users: readonly ReconcileUser[]): ReconcileUser[] {
  const sorted = users.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted.filter((u, i) => i === 0 || sorted[i - 1].id !== u.id);
}

describe('AccountTable', () => {
  it('reads back every field of the sorted, de-duplicated users, and their keys by group', () => {
    fc.assert(
      fc.property(fc.array(userArbitrary, { maxLength: 80 }), (users) => {
        const expected = sortedUnique(users);
        const { accounts, keys, duplicatesIgnored } = AccountTable.of(users).seal();
        expect(duplicatesIgnored).toBe(users.length - expected.length);
        expect(accounts.length).toBe(expected.length);
        expected.forEach((u, i) => {
          expect({
            id: accounts.id(i),
            connection: accounts.connection(i),
            vendor: accounts.vendor(i),
            vendorId: accounts.vendorId(i),
            email: accounts.email(i),
            displayName: accounts.displayName(i),
            status: accounts.status(i),
            role: accounts.role(i),
            vendorRole: accounts.vendorRole(i),
          }).toEqual({
            id: u.id,
            connection: u.connection,
            vendor: u.vendor,
            vendorId: u.vendorId,
            email: u.email,
            displayName: u.displayName,
            status: u.status,
            role: u.role,
            vendorRole: u.vendorRole,
          });
        });
        MATCH_RULES.forEach((rule, r) => {
          const { values, groupOf } = keys[r];
          // Numbered in order of first holder, every value held: as an index over the sorted keys.
          const firstSeen: string[] = [];
          expected.forEach((u, i) => {
            const key = keyOf(u, rule);
            if (key !== null && !firstSeen.includes(key)) firstSeen.push(key);
            expect(groupOf[i] < 0 ? null : values[groupOf[i]]).toBe(key);
          });
          expect(values).toEqual(firstSeen);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('is spent once sealed', () => {
    const table = AccountTable.of([user('desk:1')]);
    table.seal();
    expect(() => table.add(user('desk:2'))).toThrow('add after seal');
    expect(() => table.seal()).toThrow('sealed twice');
  });
});
