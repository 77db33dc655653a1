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
    [{ permissions: ['calls:read'] }, 'permissions'],
    [{ company: 'Acme' }, 'company'],
    [{ department: 'Sales' }, 'department'],
    [{ orgUnitId: 1001 }, 'orgUnitId'],
    [{ groups: [{ id: 'desk/2' }, { id: 'desk/x' }] }, 'groups[1].id'],
  ])('refuses %p, naming the field', (change, field) => {
    expect(fieldsOf(refusal(() => toDeskBody({ ...NEW, ...change }, 'create')))).toEqual([field]);
  });

  it.each([
    ['en-US', 'en_US'],
    ['es-ES', 'es_ES'],
    ['pt_BR', 'pt_BR'],
    ['ru-ru', 'ru_RU'],
  ])('writes language %p as %p', (language, tag) => {
    expect(toDeskBody({ ...NEW, language }, 'create').default_language).toBe(tag);
  });

  it('maps every canonical role to a seeded desk role id', () => {
    const ids = (['admin', 'manager', 'member', 'read_only'] as const).map(
      (role) => toDeskBody({ ...NEW, role }, 'create').roles,
    );
    expect(ids).toEqual([[1], [2], [3], [4]]);
  });

  it('takes a password on PUT without requiring one, and clears names with null', () => {
    expect(
      toDeskBody(
        { email: 'a@b.co', status: 'active', password: PASSWORD, firstName: null },
        'replace',
      ),
    ).toEqual({ email: 'a@b.co', is_active: 1, password: PASSWORD, first_name: null });
  });

  it('never quotes the password in a refusal', () => {
    const error = refusal(() =>
      toDeskBody({ ...NEW, phone: '+1', status: 'deleted', password: 'short' }, 'create'),
    );
    expect(JSON.stringify(error.details)).not.toContain('short"');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      PASSWORD,
    );
  });
});
