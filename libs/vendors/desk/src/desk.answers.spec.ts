import { VendorFailureError } from '@userbridge/vendor-core';
import {
  createdIdOf,
  parseDeskArray,
  requireUpdated,
  userWithId,
  usersInIdOrder,
  withUsername,
} from './desk.answers';

describe('desk answers', () => {
  it('wants a bare array for user reads', () => {
    expect(parseDeskArray([])).toEqual([]);
    expect(() => parseDeskArray({ unexpected: true })).toThrow(VendorFailureError);
    expect(() => parseDeskArray(undefined)).toThrow(VendorFailureError);
  });

  it('orders the list by numeric id, not by text, beyond 2^53', () => {
    const users = usersInIdOrder([
      { id: '10' },
      { id: 9 },
      { id: '900719925474099312' },
      { id: '900719925474099311' },
      { id: '2' },
    ]);
    expect(users.map((u) => String(u.id))).toEqual([
      '2',
      '9',
      '10',
      '900719925474099311',
      '900719925474099312',
    ]);
  });

  it('keeps a user without a readable id in the list, last, for the adapter to report', () => {
    expect(
      usersInIdOrder([{ username: 'x' }, { id: 'b-2' }, { id: '1' }]).map((u) => u.id),
    ).toEqual(['1', 'b-2', null]);
  });

  it('finds the user asked for in a Get User answer, not just the first element', () => {
    expect(userWithId([{ id: '1' }, { id: 'u-2' }], 'u-2')).toEqual({ id: 'u-2' });
    expect(userWithId([{ id: '1' }], '2')).toBeUndefined();
  });

  it('finds a user by exact username', () => {
    const users = usersInIdOrder([
      { id: '1', username: 'Agent.One' },
      { id: '2', username: 'agent.one' },
    ]);
    expect(withUsername(users, 'agent.one')).toEqual({ id: '2', username: 'agent.one' });
    expect(withUsername(users, 'nobody')).toBeUndefined();
  });

  it.each([
    [{ success: true, id: '9100' }, '9100'],
    [{ success: true, id: 9101 }, '9101'],
    [{ id: '9102' }, '9102'],
  ])('reads the new id from %p', (body, id) => expect(createdIdOf(body)).toBe(id));

  it.each([
    { success: false, id: '1' },
    { success: true },
    { success: true, id: 'a/b' },
    [],
    undefined,
  ])('refuses the create answer %p', (body) => {
    expect(() => createdIdOf(body)).toThrow(VendorFailureError);
  });

  it('accepts an update answer unless it says success: false', () => {
    expect(() => requireUpdated({ success: true })).not.toThrow();
    expect(() => requireUpdated(undefined)).not.toThrow();
    expect(() => requireUpdated({ success: false, message: 'no' })).toThrow(VendorFailureError);
  });
});
