import fc from 'fast-check';
import { reconcile } from './reconcile';
import { input, user } from './testing/user.fixture';
import type { ReconcileUser } from './types';

const vendors = ['convirza', 'desk', 'credira'] as const;

/** Small key pools so random users collide often: links, ambiguity and chains all occur. */
const userArbitrary = fc
  .record({
    vendor: fc.constantFrom(...vendors),
    vendorId: fc.integer({ min: 1, max: 40 }),
    email: fc.option(fc.constantFrom('a@x.com', 'A@X.com ', 'b@x.com', 'c@x.com', 'd@x.com'), {
      nil: null,
    }),
    phone: fc.option(fc.constantFrom('+1555001', '+1555002', '+1555003'), { nil: null }),
    externalId: fc.option(fc.constantFrom('E1', 'E2'), { nil: null }),
    displayName: fc.option(
      fc.constantFrom('Ann Lee', 'ann lee', 'Zoë Ñúñez', 'Zoe\u0308 Ñúñez', 'Bob'),
      {
        nil: null,
      },
    ),
    status: fc.constantFrom('active', 'inactive', 'deleted') as fc.Arbitrary<
      ReconcileUser['status']
    >,
    role: fc.constantFrom('admin', 'member') as fc.Arbitrary<ReconcileUser['role']>,
  })
  .map(({ vendor, vendorId, ...rest }) => user(`${vendor}:${vendorId}`, rest));

/** Distinct ids: with repeated ids "first wins" is order-dependent by definition. */
const usersArbitrary = fc.uniqueArray(userArbitrary, { selector: (u) => u.id, maxLength: 60 });

describe('reconcile: determinism', () => {
  it('gives identical output for any input order', () => {
    fc.assert(
      fc.property(usersArbitrary, fc.integer(), (users, seed) => {
        const shuffled = [...users];
        let state = seed >>> 0 || 1;
        for (let i = shuffled.length - 1; i > 0; i--) {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          const j = state % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(JSON.stringify(reconcile(input(shuffled)))).toBe(
          JSON.stringify(reconcile(input(users))),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('keeps invariants: every account once, links only across vendors', () => {
    fc.assert(
      fc.property(usersArbitrary, (users) => {
        const result = reconcile(input(users));
        const ids = result.identities.flatMap((i) => i.members.map((m) => m.id));
        expect(ids.sort()).toEqual(users.map((u) => u.id).sort());
        for (const identity of result.identities) {
          for (const reason of identity.matchReasons) {
            const reasonVendors = reason.accounts.map((a) => a.split(':')[0]);
            expect(new Set(reasonVendors).size).toBe(reasonVendors.length);
          }
          expect(identity.confidence).toBeGreaterThan(0);
          expect(identity.confidence).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 200 },
    );
  });
});
