import { reconcile } from './reconcile';
import { input, user } from './testing/user.fixture';
import type { Conflict, Identity } from './types';

const types = (identity: Identity): string[] => identity.conflicts.map((c) => c.type);
const conflict = (identity: Identity, type: string): Conflict => {
  const found = identity.conflicts.find((c) => c.type === type);
  if (found === undefined) throw new Error(`no ${type} in ${types(identity).join(',')}`);
  return found;
};

describe('reconcile: conflicts', () => {
  it('reports an offboarding gap as a high status_mismatch naming the accounts', () => {
    const [identity] = reconcile(
      input([
        user('convirza:50001', { email: 'a@x.com' }),
        user('credira:u1', { email: 'a@x.com' }),
        user('desk:9001', { email: 'a@x.com', status: 'deleted' }),
      ]),
    ).identities;
    const status = conflict(identity, 'status_mismatch');
    expect(status.severity).toBe('high');
    expect(status.message).toBe('active at convirza, credira but deleted at desk (desk:9001)');
    expect(status.evidence).toEqual({
      active: ['convirza:50001', 'credira:u1'],
      inactive: [],
      deleted: ['desk:9001'],
    });
    expect(identity.highestSeverity).toBe('high');
  });

  it('does not report status when nobody is active', () => {
    const [identity] = reconcile(
      input([
        user('convirza:1', { email: 'a@x.com', status: 'inactive' }),
        user('desk:1', { email: 'a@x.com', status: 'deleted' }),
        user('credira:1', { email: 'a@x.com', status: 'deleted' }),
      ]),
    ).identities;
    expect(types(identity)).toEqual([]);
  });

  it('reports role_mismatch with canonical and vendor roles', () => {
    const [identity] = reconcile(
      input([
        user('convirza:1', { email: 'a@x.com', role: 'admin', vendorRole: 'Admin' }),
        user('credira:1', { email: 'a@x.com', role: 'member', vendorRole: 'billing_clerk' }),
        user('desk:1', { email: 'a@x.com', role: 'admin' }),
      ]),
    ).identities;
    const role = conflict(identity, 'role_mismatch');
    expect(role.severity).toBe('medium');
    expect(role.evidence).toEqual({
      roles: {
        'convirza:1': { role: 'admin', vendorRole: 'Admin' },
        'credira:1': { role: 'member', vendorRole: 'billing_clerk' },
        'desk:1': { role: 'admin', vendorRole: null },
      },
    });
  });

  it('reports name_mismatch but not for composition, case or spacing differences', () => {
    const same = reconcile(
      input([
        user('convirza:1', { email: 'z@x.com', displayName: 'Zoë Ñúñez'.normalize('NFC') }),
        user('desk:1', { email: 'z@x.com', displayName: 'Zoë Ñúñez'.normalize('NFD') }),
        user('credira:1', { email: 'z@x.com', displayName: ' zoë   ÑÚÑEZ ' }),
      ]),
    ).identities[0];
    expect(types(same)).toEqual([]);

    const differ = reconcile(
      input([
        user('convirza:1', { email: 'j@x.com', displayName: 'Jon Doe' }),
        user('desk:1', { email: 'j@x.com', displayName: 'John Doe' }),
        user('credira:1', { email: 'j@x.com' }),
      ]),
    ).identities[0];
    const name = conflict(differ, 'name_mismatch');
    expect(name.severity).toBe('low');
    expect(name.evidence).toEqual({ names: { 'convirza:1': 'Jon Doe', 'desk:1': 'John Doe' } });
  });

  it('reports missing_in per read vendor, alphabetically, never for failed vendors', () => {
    const [identity] = reconcile(
      input([user('desk:1', { email: 'a@x.com' })], {
        vendorsRead: ['desk', 'zeta', 'convirza', 'credira'],
        vendorsFailed: [
          { vendor: 'credira', connection: 'credira', code: 'vendor_timeout', message: 'slow' },
        ],
      }),
    ).identities;
    expect(types(identity)).toEqual(['missing_in:convirza', 'missing_in:zeta']);
    expect(conflict(identity, 'missing_in:zeta').severity).toBe('low');
  });

  it('reports unmatchable accounts without missing_in', () => {
    const [identity] = reconcile(input([user('desk:1', { displayName: 'Solo' })])).identities;
    expect(types(identity)).toEqual(['unmatchable']);
    expect(identity.highestSeverity).toBe('low');
    expect(identity.confidence).toBe(1);
  });

  it('flags same-vendor accounts joined through other keys', () => {
    const [identity] = reconcile(
      input([
        user('desk:1', { email: 'a@x.com' }),
        user('convirza:1', { email: 'a@x.com', phone: '+1555' }),
        user('desk:2', { phone: '+1555' }),
        user('credira:1', { email: 'a@x.com' }),
      ]),
    ).identities;
    expect(identity.members).toHaveLength(4);
    expect(conflict(identity, 'possible_duplicate').evidence.candidates).toEqual([
      {
        identityId: identity.id,
        accounts: ['desk:1', 'desk:2'],
        reason: 'same_vendor_in_identity',
        value: 'desk',
      },
    ]);
  });

  it('flags identities with the same full name but no shared key, on both sides', () => {
    const result = reconcile(
      input([
        user('convirza:1', { email: 'jsmith@a.com', displayName: 'John  Smith' }),
        user('desk:1', { email: 'john@b.com', displayName: 'john smith' }),
        user('credira:1', { email: 'c@c.com', displayName: 'John' }),
        user('credira:2', { email: 'd@c.com', displayName: 'John' }),
      ]),
    );
    // Ordered by smallest member id: convirza:1, credira:1, credira:2, desk:1.
    const [a, c, d, b] = result.identities;
    expect(conflict(a, 'possible_duplicate').evidence.candidates).toEqual([
      { identityId: b.id, accounts: ['desk:1'], reason: 'same_name', value: 'john smith' },
    ]);
    expect(conflict(b, 'possible_duplicate').evidence.candidates).toEqual([
      { identityId: a.id, accounts: ['convirza:1'], reason: 'same_name', value: 'john smith' },
    ]);
    // A single word is too common a name to suggest anything.
    expect(types(c)).not.toContain('possible_duplicate');
    expect(types(d)).not.toContain('possible_duplicate');
  });

  it('caps duplicate candidates and says so', () => {
    const users = Array.from({ length: 30 }, (_, i) =>
      user(`desk:${String(i).padStart(2, '0')}`, {
        email: `p${i}@x.com`,
        displayName: 'Pat Common',
      }),
    );
    const result = reconcile(input(users));
    for (const identity of result.identities) {
      const evidence = conflict(identity, 'possible_duplicate').evidence;
      expect(evidence.candidates).toHaveLength(20);
      expect(evidence).toMatchObject({ limit: 20, truncated: true });
    }
  });

  it('keeps the fixed conflict order', () => {
    const result = reconcile(
      input(
        [
          user('convirza:1', { email: 'a@x.com', displayName: 'Ann Lee', role: 'admin' }),
          user('desk:1', { email: 'a@x.com', displayName: 'Anne Lee', status: 'inactive' }),
          user('desk:2', { email: 'b@x.com', externalId: 'E1' }),
          user('convirza:2', { externalId: 'E1', phone: '+1' }),
          user('desk:3', { phone: '+1' }),
        ],
        { vendorsRead: ['convirza', 'desk', 'credira', 'beta'] },
      ),
    );
    expect(types(result.identities[0])).toEqual([
      'status_mismatch',
      'role_mismatch',
      'name_mismatch',
      'missing_in:beta',
      'missing_in:credira',
    ]);
    expect(types(result.identities[1])).toEqual([
      'possible_duplicate',
      'missing_in:beta',
      'missing_in:credira',
    ]);
  });
});
