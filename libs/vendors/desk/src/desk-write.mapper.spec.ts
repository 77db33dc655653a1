import { InvalidRequestError } from '@userbridge/errors';
import { UserWriteInput } from '@userbridge/vendor-core';
import { DeskWriteContext, toDeskBody } from './desk-write.mapper';
import { parseDeskUser } from './desk.mapper';
import { deskRoleIdFor, DeskRolePair } from './desk.roles';

/** A tenant's own role ids, as its user reads teach them: nothing like 1-4. */
const TENANT: DeskRolePair[] = [
  { id: '17', name: 'Admin' },
  { id: '18', name: 'Supervisor' },
  { id: '23', name: 'Agent' },
  { id: '24', name: 'Viewer' },
];
const CTX: DeskWriteContext = { roleId: (role) => deskRoleIdFor(role, [], TENANT) };

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
    expect(toDeskBody(NEW, 'create', CTX)).toEqual({
      username: 'new.agent',
      password: PASSWORD,
      email: 'new.agent@example.com',
      first_name: 'New',
      last_name: 'Agent',
      is_active: 1,
      roles: [18],
      desks: [2, 3],
      default_language: 'pt_BR',
    });
  });

  it('requires username, password and email on create; email and status on PUT', () => {
    expect(fieldsOf(refusal(() => toDeskBody({}, 'create', CTX)))).toEqual([
      'username',
      'password',
      'email',
    ]);
    expect(fieldsOf(refusal(() => toDeskBody({ firstName: 'x' }, 'replace', CTX)))).toEqual([
      'email',
      'status',
    ]);
    expect(toDeskBody({ email: 'a@b.co', status: 'inactive' }, 'replace', CTX)).toEqual({
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
    [{ groups: [{ id: 'desk/2' }, { id: 'desk/' }] }, 'groups[1].id'],
    [{ groups: [{ id: 'desk/*' }] }, 'groups[0].id'],
  ])('refuses %p, naming the field', (change, field) => {
    expect(fieldsOf(refusal(() => toDeskBody({ ...NEW, ...change }, 'create', CTX)))).toEqual([
      field,
    ]);
  });

  it.each([
    ['en-US', 'en_US'],
    ['es-ES', 'es_ES'],
    ['pt_BR', 'pt_BR'],
    ['ru-ru', 'ru_RU'],
  ])('writes language %p as %p', (language, tag) => {
    expect(toDeskBody({ ...NEW, language }, 'create', CTX).default_language).toBe(tag);
  });

  it("writes each canonical role as the tenant's own role id, never a default", () => {
    const ids = (['admin', 'manager', 'member', 'read_only'] as const).map(
      (role) => toDeskBody({ ...NEW, role }, 'create', CTX).roles,
    );
    expect(ids).toEqual([[17], [18], [23], [24]]);
    const unknown = refusal(() =>
      toDeskBody({ ...NEW, role: 'manager' }, 'create', {
        roleId: (role) => deskRoleIdFor(role, [], [{ id: '23', name: 'Agent' }]),
      }),
    );
    expect(fieldsOf(unknown)).toEqual(['role']);
    expect(unknown.message).toContain('DESK_ROLE_IDS');
  });

  it('keeps non-numeric desk and role ids as strings', () => {
    const body = toDeskBody({ ...NEW, groups: [{ id: 'desk/d-9' }] }, 'create', {
      roleId: () => 'r-admin',
    });
    expect(body).toMatchObject({ desks: ['d-9'], roles: ['r-admin'] });
  });

  it('on PUT sends only what differs from the user as read; a user written back as read sends nothing', () => {
    const { user } = parseDeskUser({
      id: 'u-7f3a',
      username: 'mia',
      email: 'mia@example.com',
      is_active: '1',
      is_deleted: '0',
      first_name: 'Mia',
      last_name: 'Lee',
      default_language: 'en_US',
      member_all_desks: '1',
      desks: [{ id: '2', name: 'Support Desk' }],
      roles: { '23': 'Agent' },
      groups: [{ id: '5', name: 'Tier 1' }],
    });
    const asRead: UserWriteInput = {
      email: user.email ?? undefined,
      username: user.username ?? undefined,
      firstName: user.firstName,
      lastName: user.lastName,
      displayName: user.displayName,
      phone: user.phone,
      role: user.role,
      status: user.status,
      timezone: user.timezone,
      language: user.language,
      groups: user.groups.map((g) => ({ id: g.id })),
      externalId: user.externalId,
      permissions: user.permissions,
    };
    const never: DeskWriteContext = {
      current: user,
      roleId: () => {
        throw new Error('no role id is needed when the role does not change');
      },
    };
    expect(toDeskBody(asRead, 'replace', never)).toEqual({});
    expect(
      toDeskBody(
        { ...asRead, groups: [...asRead.groups!, { id: 'desk/3' }], lastName: 'Li' },
        'replace',
        never,
      ),
    ).toEqual({ desks: [2, 3], last_name: 'Li' });
    expect(
      fieldsOf(
        refusal(() => toDeskBody({ ...asRead, groups: [{ id: 'desk/2' }] }, 'replace', never)),
      ),
    ).toEqual(['groups', 'groups']);
  });

  it('takes a password on PUT without requiring one, and clears names with null', () => {
    expect(
      toDeskBody(
        { email: 'a@b.co', status: 'active', password: PASSWORD, firstName: null },
        'replace',
        CTX,
      ),
    ).toEqual({ email: 'a@b.co', is_active: 1, password: PASSWORD, first_name: null });
  });

  it('never quotes the password in a refusal', () => {
    const error = refusal(() =>
      toDeskBody({ ...NEW, phone: '+1', status: 'deleted', password: 'short' }, 'create', CTX),
    );
    expect(JSON.stringify(error.details)).not.toContain('short"');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      PASSWORD,
    );
  });
});
