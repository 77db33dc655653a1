import { InvalidRequestError, UserWriteInput } from '@userbridge/vendor-core';
import { toDeskBody } from './desk-write.mapper';

const PASSWORD = 'Sup3r-Secret-Pass';
const NEW: UserWriteInput = {
  username: 'new.agent',
  password: PASSWORD,
  email: 'new.agent@example.com',
  firstName: 'New',
  lastName: 'Agent',
  status: 'active',
  role: 'manager',
  groups: [{ id: 'desk/2' }, { id: 'desk/3' }],
  language: 'pt-BR',
};

function refusal(action: () => unknown): InvalidRequestError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected an InvalidRequestError');
}
const fieldsOf = (error: InvalidRequestError) =>
  (error.details?.fields as { field: string }[]).map((p) => p.field);

describe('toDeskBody', () => {
  it('builds the create body with flags as numbers and arrays of ids', () => {
    expect(toDeskBody(NEW, 'create')).toEqual({
      username: 'new.agent',
      password: PASSWORD,
      email: 'new.agent@example.com',
      first_name: 'New',
      last_name: 'Agent',
      is_active: 1,
      roles: [2],
      desks: [2, 3],
      default_language: 'pt_BR',
    });
  });

  it('requires username, password and email on create; email and status on PUT', () => {
    expect(fieldsOf(refusal(() => toDeskBody({}, 'create')))).toEqual([
      'username',
      'password',
      'email',
    ]);
    expect(fieldsOf(refusal(() => toDeskBody({ firstName: 'x' }, 'replace')))).toEqual([
      'email',
      'status',
    ]);
    expect(toDeskBody({ email: 'a@b.co', status: 'inactive' }, 'replace')).toEqual({
      email: 'a@b.co',
      is_active: 0,
    });
  });

  it.each([
    [{ phone: '+14155550134' }, 'phone'],
    [{ timezone: 'UTC' }, 'timezone'],
    [{ externalId: 'E1' }, 'externalId'],
    [{ displayName: 'X' }, 'displayName'],
    [{ status: 'deleted' as const }, 'status'],
    [{ language: 'de-DE' }, 'language'],
    [{ language: null }, 'language'],
    [{ groups: [{ id: 'group/5' }] }, 'groups[0].id'],
    [{ groups: [{ id: '2' }] }, 'groups[0].id'],
    [{ password: 'short' }, 'password'],
  ])('refuses %p, naming the field', (change, field) => {
    expect(fieldsOf(refusal(() => toDeskBody({ ...NEW, ...change }, 'create')))).toEqual([field]);
  });

  it('never quotes the password in a refusal', () => {
    const error = refusal(() => toDeskBody({ ...NEW, phone: '+1', status: 'deleted' }, 'create'));
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      PASSWORD,
    );
  });
});
