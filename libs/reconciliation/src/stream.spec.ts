import fc from 'fast-check';
import { AccountTable } from './account-table';
import { reconcile, reconcileStream } from './reconcile';
import { summarize, SummaryCounter } from './summary';
import { input, user } from './testing/user.fixture';
import type { ReconcileUser } from './types';

const vendors = ['convirza', 'desk', 'credira', 'desk-eu'] as const;

/** Small key pools so random users collide often: links, ambiguity, look-alikes and same names all occur. */
const userArbitrary = fc
  .record({
    vendor: fc.constantFrom(...vendors),
    vendorId: fc.integer({ min: 1, max: 60 }),
    email: fc.option(
      fc.constantFrom('a@x.com', 'A@X.com ', 'b@x.com', 'c@x.com', 'paypal@x.com', 'paypa1@x.com'),
      { nil: null },
    ),
    phone: fc.option(fc.constantFrom('+1555001', '+1555002', '+1555003'), { nil: null }),
    externalId: fc.option(fc.constantFrom('E1', 'E2'), { nil: null }),
    displayName: fc.option(fc.constantFrom('Ann Lee', 'ann lee', 'Zoë Ñúñez', 'Bob', 'Bo B'), {
      nil: null,
    }),
    status: fc.constantFrom('active', 'inactive', 'deleted') as fc.Arbitrary<
      ReconcileUser['status']
    >,
    role: fc.constantFrom('admin', 'member', 'manager') as fc.Arbitrary<ReconcileUser['role']>,
  })
  .map(({ vendor, vendorId, ...rest }) =>
    user(`${vendor}:${vendorId}`, { ...rest, connection: vendor, vendor: vendor.split('-')[0] }),
  );

describe('reconcileStream', () => {
  it('makes the same identities, in the same order, and the same summary as reconcile', () => {
    fc.assert(
      fc.property(fc.array(userArbitrary, { maxLength: 120 }), fc.boolean(), (users, failOne) => {
        const given = input(users, { vendorsRead: [...vendors] });
        const withFailure = failOne
          ? {
              ...given,
              vendorsRead: given.vendorsRead.filter((v) => v !== 'credira'),
              vendorsFailed: [
                { vendor: 'credira', connection: 'credira', code: 'vendor_error', message: 'down' },
              ],
            }
          : given;
        const whole = reconcile(withFailure);
        const streamed = reconcileStream(withFailure);
        const counter = new SummaryCounter(streamed.vendorsRead);
        const identities = [];
        for (const identity of streamed.identities) {
          counter.add(identity);
          identities.push(identity);
        }
        expect(JSON.stringify({ ...streamed, identities })).toBe(JSON.stringify(whole));
        expect(counter.summary(streamed)).toEqual(summarize(whole));
      }),
      { numRuns: 300 },
    );
  });

  it('makes the same identities from an AccountTable filled in any order, as a store hands users in', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(userArbitrary, { maxLength: 120, selector: (u) => u.id }),
        fc.integer(),
        (users, seed) => {
          const given = input(users, { vendorsRead: [...vendors] });
          // Another order of the same users: the table sorts them as reconcile does.
          const shuffled = users
            .map((u, i) => ({ u, rank: (Math.imul(i + 1, 0x9e3779b1) ^ seed) >>> 0 }))
            .sort((a, b) => a.rank - b.rank)
            .map(({ u }) => u);
          const table = new AccountTable();
          for (const u of shuffled) table.add(u);
          const streamed = reconcileStream({ ...given, users: table });
          const identities = [...streamed.identities];
          expect(JSON.stringify({ ...streamed, identities })).toBe(
            JSON.stringify(reconcile(given)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
