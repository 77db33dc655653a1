import { createHash } from 'node:crypto';
import { reconcile } from './reconcile';
import { input, user } from './testing/user.fixture';
import type { Identity, ReconcileResult } from './types';

const identityOf = (result: ReconcileResult, accountId: string): Identity => {
  const found = result.identities.find((i) => i.members.some((m) => m.id === accountId));
  if (found === undefined) throw new Error(`no identity holds ${accountId}`);
  return found;
};
const memberIds = (identity: Identity): string[] => identity.members.map((m) => m.id);

describe('reconcile: linking', () => {
  it('links emails that differ only in case and spaces', () => {
    const result = reconcile(
      input([
        user('convirza:1', { email: ' John.Doe@Example.com' }),
        user('desk:7', { email: 'john.doe@example.com  ' }),
      ]),
    );
    expect(result.identities).toHaveLength(1);
    const [identity] = result.identities;
    expect(identity.emails).toEqual(['john.doe@example.com']);
    expect(identity.matchReasons).toEqual([
      {
        rule: 'email',
        value: 'john.doe@example.com',
        accounts: ['convirza:1', 'desk:7'],
        nameAgrees: false,
      },
    ]);
    expect(identity.members.map((m) => m.linkedBy)).toEqual([['email'], ['email']]);
    expect(identity.confidence).toBe(0.9);
  });

  it('links by phone and by external id', () => {
    const result = reconcile(
      input([
        user('convirza:1', { phone: '+12025550143', displayName: 'Ann Lee' }),
        user('credira:u1', { phone: '+12025550143', displayName: 'ann  LEE' }),
        user('convirza:2', { externalId: 'EXT-9' }),
        user('desk:2', { externalId: ' EXT-9 ' }),
      ]),
    );
    expect(result.identities.map(memberIds)).toEqual([
      ['convirza:1', 'credira:u1'],
      ['convirza:2', 'desk:2'],
    ]);
    expect(result.identities[0].matchReasons[0]).toMatchObject({ rule: 'phone', nameAgrees: true });
    expect(result.identities[0].confidence).toBe(0.79);
    expect(result.identities[1].matchReasons[0]).toMatchObject({
      rule: 'external_id',
      value: 'EXT-9',
    });
    expect(result.identities[1].confidence).toBe(0.95);
  });

  it('links transitively: email A-B and phone B-C make one identity of three', () => {
    const result = reconcile(
      input([
        user('convirza:1', { email: 'a@x.com' }),
        user('desk:1', { email: 'a@x.com', phone: '+15550001' }),
        user('credira:c', { phone: '+15550001' }),
      ]),
    );
    expect(result.identities).toHaveLength(1);
    const [identity] = result.identities;
    expect(memberIds(identity)).toEqual(['convirza:1', 'credira:c', 'desk:1']);
    expect(identity.vendors).toEqual(['convirza', 'credira', 'desk']);
    expect(identity.matchReasons.map((r) => r.rule)).toEqual(['email', 'phone']);
    // Weakest link decides.
    expect(identity.confidence).toBe(0.75);
    expect(identity.conflicts).toEqual([]);
    expect(identity.highestSeverity).toBeNull();
  });

  it('treats names as supporting evidence only, diacritics folded', () => {
    const result = reconcile(
      input([
        user('convirza:1', { email: 'z@x.com', displayName: 'Zoë Ñúñez' }),
        user('desk:1', { email: 'z@x.com', displayName: 'Zoe Nunez' }),
        user('credira:1', { displayName: 'Zoë Ñúñez' }),
      ]),
    );
    expect(result.identities).toHaveLength(2);
    expect(identityOf(result, 'convirza:1').matchReasons[0].nameAgrees).toBe(true);
    expect(identityOf(result, 'convirza:1').confidence).toBe(0.94);
  });

  it('does not link through a key that one vendor holds twice, and flags each holder', () => {
    const result = reconcile(
      input([
        user('desk:1', { email: 'team@x.com' }),
        user('desk:2', { email: 'Team@x.com' }),
        user('convirza:1', { email: 'team@x.com' }),
      ]),
    );
    expect(result.identities.map(memberIds)).toEqual([['convirza:1'], ['desk:1'], ['desk:2']]);
    for (const identity of result.identities) {
      const duplicate = identity.conflicts.find((c) => c.type === 'possible_duplicate');
      expect(duplicate?.severity).toBe('medium');
      expect(identity.matchReasons).toEqual([]);
    }
    const desk1 = identityOf(result, 'desk:1').conflicts.find(
      (c) => c.type === 'possible_duplicate',
    );
    expect(desk1?.evidence.candidates).toEqual([
      {
        identityId: identityOf(result, 'convirza:1').id,
        accounts: ['convirza:1'],
        reason: 'shared_email_same_vendor',
        value: 'team@x.com',
        account: 'desk:1',
      },
      {
        identityId: identityOf(result, 'desk:2').id,
        accounts: ['desk:2'],
        reason: 'shared_email_same_vendor',
        value: 'team@x.com',
        account: 'desk:1',
      },
    ]);
  });

  it('still links same-vendor sharers through another key', () => {
    const result = reconcile(
      input([
        user('desk:1', { email: 'team@x.com', phone: '+1555' }),
        user('desk:2', { email: 'team@x.com' }),
        user('convirza:1', { phone: '+1555' }),
      ]),
    );
    expect(result.identities.map(memberIds)).toEqual([['convirza:1', 'desk:1'], ['desk:2']]);
    expect(identityOf(result, 'desk:1').members.find((m) => m.id === 'desk:1')?.linkedBy).toEqual([
      'phone',
    ]);
  });

  it('counts a repeated global id once, first occurrence winning', () => {
    const result = reconcile(
      input([
        user('desk:1', { email: 'a@x.com', displayName: 'First' }),
        user('convirza:1', { email: 'a@x.com' }),
        user('desk:1', { email: 'other@x.com', displayName: 'Second' }),
      ]),
    );
    expect(result.totals).toEqual({ users: 2, identities: 1, duplicatesIgnored: 1 });
    expect(result.identities[0].members.find((m) => m.id === 'desk:1')?.displayName).toBe('First');
  });

  it('derives the identity id from sorted member ids', () => {
    const result = reconcile(
      input([user('desk:1', { email: 'a@x.com' }), user('convirza:1', { email: 'a@x.com' })]),
    );
    const expected = createHash('sha256').update('convirza:1\ndesk:1').digest('hex').slice(0, 16);
    expect(result.identities[0].id).toBe(`idn_${expected}`);
  });

  it('orders identities by smallest member id and picks the most common name', () => {
    const result = reconcile(
      input([
        user('desk:5', { email: 'b@x.com', displayName: 'Bob Stone' }),
        user('credira:5', { email: 'b@x.com', displayName: 'BOB  stone' }),
        user('convirza:9', { email: 'b@x.com', displayName: 'Robert Stone' }),
        user('convirza:1', { email: 'a@x.com', displayName: 'Al' }),
      ]),
    );
    expect(result.identities.map((i) => i.members[0].id)).toEqual(['convirza:1', 'convirza:9']);
    expect(result.identities[1].displayName).toBe('BOB  stone');
  });

  it('breaks display-name ties by the smallest member id', () => {
    const result = reconcile(
      input([
        user('desk:1', { email: 'a@x.com', displayName: 'Dee Ess' }),
        user('convirza:1', { email: 'a@x.com', displayName: 'Cee Vee' }),
      ]),
    );
    expect(result.identities[0].displayName).toBe('Cee Vee');
  });

  it('sorts vendorsRead and vendorsFailed', () => {
    const result = reconcile(
      input([], {
        vendorsRead: ['desk', 'convirza', 'desk'],
        vendorsFailed: [
          { vendor: 'zeta', connection: 'zeta', code: 'vendor_error', message: 'x' },
          { vendor: 'credira', connection: 'credira', code: 'vendor_timeout', message: 'y' },
        ],
      }),
    );
    expect(result.vendorsRead).toEqual(['convirza', 'desk']);
    expect(result.vendorsFailed.map((f) => f.vendor)).toEqual(['credira', 'zeta']);
    expect(result.totals).toEqual({ users: 0, identities: 0, duplicatesIgnored: 0 });
  });
});
