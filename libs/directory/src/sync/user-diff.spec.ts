import { canonicalUser } from '../testing/fake-adapter';
import { fingerprintOf } from './fingerprint';
import { deletionDecision, diffUser, PriorState } from './user-diff';

const prior = (user = canonicalUser('v', '1'), deletedAt: Date | null = null): PriorState => ({
  user,
  fingerprint: fingerprintOf(user),
  deletedAt,
});

describe('fingerprintOf', () => {
  it('ignores volatile fields and list order, not tracked ones', () => {
    const user = canonicalUser('v', '1', {
      groups: [
        { id: '1', name: 'a' },
        { id: '2', name: 'b' },
      ],
      permissions: ['x', 'y'],
    });
    const same = {
      ...user,
      lastLoginAt: '2026-05-05T00:00:00.000Z',
      updatedAt: '2026-05-05T00:00:00.000Z',
      groups: [...user.groups].reverse(),
      permissions: ['y', 'x'],
    };
    expect(fingerprintOf(same)).toBe(fingerprintOf(user));
    expect(fingerprintOf({ ...user, role: 'admin' })).not.toBe(fingerprintOf(user));
    expect(fingerprintOf({ ...user, phone: '+12025550143' })).not.toBe(fingerprintOf(user));
  });

  it('never looks at vendorData', () => {
    const user = canonicalUser('v', '1');
    const withData = { ...user, vendorData: { password: 'x' } } as typeof user;
    expect(fingerprintOf(withData)).toBe(fingerprintOf(user));
  });
});

describe('diffUser', () => {
  it('a first sighting is created, with every tracked field after', () => {
    const user = canonicalUser('v', '1');
    const change = diffUser(null, user, fingerprintOf(user));
    expect(change?.kind).toBe('created');
    expect(change?.fields.email).toEqual({ before: null, after: 'user1@example.com' });
    expect(change?.fields).not.toHaveProperty('lastLoginAt');
    expect(change?.fields).not.toHaveProperty('vendorData');
  });

  it('the same user again is no change', () => {
    const user = canonicalUser('v', '1');
    expect(diffUser(prior(user), { ...user, lastLoginAt: 'now' }, fingerprintOf(user))).toBeNull();
  });

  it('names only the changed fields, before and after', () => {
    const before = canonicalUser('v', '1');
    const after = { ...before, role: 'admin' as const, lastName: 'Byron' };
    expect(diffUser(prior(before), after, fingerprintOf(after))).toEqual({
      kind: 'updated',
      fields: {
        role: { before: 'member', after: 'admin' },
        lastName: { before: 'Lovelace1', after: 'Byron' },
      },
    });
  });

  it.each([
    ['active', 'inactive', 'deactivated'],
    ['active', 'deleted', 'deactivated'],
    ['inactive', 'active', 'reactivated'],
    ['deleted', 'active', 'reactivated'],
    ['inactive', 'deleted', 'updated'],
  ] as const)('status %s -> %s is %s', (from, to, kind) => {
    const before = canonicalUser('v', '1', { status: from });
    const after = { ...before, status: to };
    const change = diffUser(prior(before), after, fingerprintOf(after));
    expect(change?.kind).toBe(kind);
    expect(change?.fields.status).toEqual({ before: from, after: to });
  });

  it('a user seen again after being marked deleted is created again', () => {
    const user = canonicalUser('v', '1');
    const deletedAt = new Date('2026-03-01T00:00:00.000Z');
    const change = diffUser(prior(user, deletedAt), user, fingerprintOf(user));
    expect(change).toEqual({
      kind: 'created',
      fields: { deletedAt: { before: '2026-03-01T00:00:00.000Z', after: null } },
    });
  });
});

describe('deletionDecision', () => {
  const ok = { complete: true, failed: false, leaseHeld: true, rejectedWithoutId: 0 };

  it('allows deletion only after a complete, successful run that kept its lease', () => {
    expect(deletionDecision(ok)).toEqual({ allowed: true, reason: null });
    expect(deletionDecision({ ...ok, failed: true }).allowed).toBe(false);
    expect(deletionDecision({ ...ok, complete: false }).allowed).toBe(false);
    expect(deletionDecision({ ...ok, leaseHeld: false }).allowed).toBe(false);
  });

  it('refuses when a record without an id was rejected, saying why', () => {
    const decision = deletionDecision({ ...ok, rejectedWithoutId: 2 });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toMatch(/2 record\(s\) could not be mapped and carried no id/);
  });
});
