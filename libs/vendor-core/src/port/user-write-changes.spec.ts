import { InvalidRequestError } from '@userbridge/errors';
import { changedFields, givenFields } from './user-write-changes';
import { VendorUserRecord } from './user-record';

const current = {
  email: 'ann@example.com',
  username: null,
  firstName: 'Ann',
  lastName: 'Lee',
  groups: [{ id: '1', name: 'Sales' }],
  permissions: [],
} as unknown as VendorUserRecord['user'];

describe('changedFields', () => {
  it('drops a null that repeats what was read (a username the vendor holds none of)', () => {
    expect(changedFields({ username: null, lastName: 'Kim' }, current)).toEqual({
      lastName: 'Kim',
    });
  });

  it('refuses a null that would clear an email or a username, naming the field', () => {
    expect(() => changedFields({ email: null }, current)).toThrow(InvalidRequestError);
    try {
      changedFields({ email: null }, current);
    } catch (error) {
      expect((error as InvalidRequestError).details).toEqual({
        fields: [{ field: 'email', message: 'cannot be cleared (null)' }],
      });
    }
  });

  it('keeps a null for a clearable field as "clear it"', () => {
    expect(changedFields({ firstName: null }, current)).toEqual({ firstName: null });
  });
});

describe('givenFields', () => {
  it('refuses a null email on a write with nothing read', () => {
    expect(() => givenFields({ email: null })).toThrow(/email must be a string/);
    expect(givenFields({ email: 'a@example.com' })).toEqual({ email: 'a@example.com' });
  });
});
