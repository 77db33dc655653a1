import { skeleton } from './confusables';
import { reconcile } from './reconcile';
import { input, user } from './testing/user.fixture';

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
