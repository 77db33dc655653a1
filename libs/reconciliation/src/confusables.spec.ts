import fc from 'fast-check';
import { skeleton } from './confusables';
import { reconcile } from './reconcile';
import { input, user } from './testing/user.fixture';
import type { Identity, Lookalike } from './types';

const conflictOf = (identity: { conflicts: { type: string }[] }) =>
  identity.conflicts.find((c) => c.type === 'confusable_email');

describe('skeleton (UTS #39)', () => {
  it.each([
    ['\u0430lice@example.com', 'alice@example.com'], // Cyrillic а
    ['p\u0430yp\u0430l@example.com', 'paypal@example.com'],
    ['b\u03bfb@example.com', 'bob@example.com'], // Greek ο
    ['\uff41lice@example.com', 'alice@example.com'], // fullwidth ａ
  ])('%s looks like %s', (a, b) => expect(skeleton(a)).toBe(skeleton(b)));

  it('tells different letters apart', () => {
    expect(skeleton('alice@example.com')).not.toBe(skeleton('alicia@example.com'));
  });
});

describe('confusable_email conflict', () => {
  it('flags look-alike emails across scripts in both identities, pointing at each other', () => {
    const { identities } = reconcile(
      input([
        user('convirza:1', { email: 'alice.walker@example.com', displayName: 'Alice Walker' }),
        user('desk:1', { email: '\u0430lice.walker@example.com', displayName: 'Alice Walker' }),
      ]),
    );
    expect(identities).toHaveLength(2);
    const [a, b] = identities;
    const onA = conflictOf(a) as any;
    const onB = conflictOf(b) as any;
    expect(onA).toMatchObject({ severity: 'medium' });
    expect(onA.evidence.lookalikes[0].others).toEqual([
      { identityId: b.id, email: '\u0430lice.walker@example.com' },
    ]);
    expect(onB.evidence.lookalikes[0].others).toEqual([
      { identityId: a.id, email: 'alice.walker@example.com' },
    ]);
  });

  it('leaves plain ASCII look-alikes ("rn" and "m") and unrelated emails alone', () => {
    const { identities } = reconcile(
      input([
        user('convirza:1', { email: 'rnary@example.com' }),
        user('desk:1', { email: 'mary@example.com' }),
        user('credira:user_1', { email: 'bob@example.com' }),
      ]),
    );
    expect(identities.some((identity) => conflictOf(identity))).toBe(false);
  });

  it('does not flag one identity against itself', () => {
    const { identities } = reconcile(
      input([
        user('convirza:1', { email: '\u0430nn@example.com', phone: '+14155550134' }),
        user('desk:1', { email: 'ann@example.com', phone: '+14155550134' }),
      ]),
    );
    expect(identities).toHaveLength(1);
    expect(conflictOf(identities[0])).toBeUndefined();
  });
});

describe('look-alike search', () => {
  const emails = [
    'alice@x.com',
    '\u0430lice@x.com',
    'alice@x.c\u043em',
    'ALICE@x.com',
    'rnary@x.com',
    'mary@x.com',
    'm\u0430ry@x.com',
    'bob@x.com',
    'b\u03bfb@x.com',
  ];
  const population = fc.array(
    fc.record({
      vendor: fc.constantFrom('convirza', 'desk', 'credira'),
      vendorId: fc.integer({ min: 1, max: 40 }),
      email: fc.option(fc.constantFrom(...emails), { nil: null }),
      phone: fc.option(fc.constantFrom('+1555001', '+1555002'), { nil: null }),
    }),
    { maxLength: 60 },
  );

  /** Every pair of accounts, compared directly: the definition the indexed search must meet. */
  function expected(identities: Identity[]): Record<string, Record<string, string[]>> {
    const holders = identities.flatMap((identity) =>
      identity.members.flatMap((member) =>
        member.email === null ? [] : [{ identity, email: member.email.trim().toLowerCase() }],
      ),
    );
    const ascii = (text: string) => /^[ -~]*$/.test(text);
    const found: Record<string, Record<string, Set<string>>> = {};
    for (const mine of holders)
      for (const other of holders) {
        if (other.identity === mine.identity || other.email === mine.email) continue;
        if (ascii(mine.email) && ascii(other.email)) continue;
        if (skeleton(mine.email) !== skeleton(other.email)) continue;
        ((found[mine.identity.id] ??= {})[mine.email] ??= new Set()).add(
          `${other.email} ${other.identity.id}`,
        );
      }
    return Object.fromEntries(
      Object.entries(found).map(([id, byEmail]) => [
        id,
        Object.fromEntries(Object.entries(byEmail).map(([email, set]) => [email, [...set].sort()])),
      ]),
    );
  }

  function reported(identities: Identity[]): Record<string, Record<string, string[]>> {
    const found: Record<string, Record<string, string[]>> = {};
    for (const identity of identities) {
      const conflict = conflictOf(identity) as
        { evidence: { lookalikes: { email: string; others: Lookalike[] }[] } } | undefined;
      if (!conflict) continue;
      found[identity.id] = Object.fromEntries(
        conflict.evidence.lookalikes.map(({ email, others }) => [
          email,
          others.map((o) => `${o.email} ${o.identityId}`).sort(),
        ]),
      );
    }
    return found;
  }

  it('finds exactly the look-alike pairs a comparison of every pair of accounts finds', () => {
    fc.assert(
      fc.property(population, (drawn) => {
        const { identities } = reconcile(
          input(drawn.map(({ vendor, vendorId, ...rest }) => user(`${vendor}:${vendorId}`, rest))),
        );
        expect(reported(identities)).toEqual(expected(identities));
      }),
      { numRuns: 300 },
    );
  });
});
