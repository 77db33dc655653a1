import { InvalidRequestError, UserWriteInput } from '@userbridge/vendor-core';
import { toConvirzaBody } from './convirza-write.mapper';

const FULL: UserWriteInput = {
  email: 'admin@example.com',
  firstName: 'Admin',
  lastName: 'User',
  groups: [{ id: '1001' }],
  role: 'admin',
  externalId: 'EXT-ADMIN-001',
  timezone: 'America/New_York',
  phone: '+14155550134',
};

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return ((error as InvalidRequestError).details?.fields as { field: string }[]).map(
      (p) => p.field,
    );
  }
  throw new Error('expected an InvalidRequestError');
}

describe('toConvirzaBody', () => {
  it('builds the Create User body of the docs', () => {
    expect(toConvirzaBody(FULL, 'create')).toEqual({
      username: 'admin@example.com',
      first_name: 'Admin',
      last_name: 'User',
      ct_user_ou_id: 1001,
      role: 'Admin',
      user_ext_id: 'EXT-ADMIN-001',
      timezone: 'America/New_York',
      agent_ring_to: '+14155550134',
    });
  });

  it('accepts an explicit orgUnitId and maps every role', () => {
    const { groups: _groups, ...rest } = FULL;
    expect(toConvirzaBody({ ...rest, orgUnitId: 1003, role: 'read_only' }, 'create')).toMatchObject(
      { ct_user_ou_id: 1003, role: 'ReadOnly' },
    );
    expect(toConvirzaBody({ ...FULL, role: 'member' }, 'create').role).toBe('Standard');
  });

  it('requires every Create field, naming each', () => {
    expect(problemsOf(() => toConvirzaBody({}, 'create'))).toEqual([
      'email',
      'firstName',
      'lastName',
      'orgUnitId',
      'role',
    ]);
  });

  it('refuses a role Convirza does not have rather than downgrading it', () => {
    expect(problemsOf(() => toConvirzaBody({ ...FULL, role: 'manager' }, 'create'))).toEqual([
      'role',
    ]);
  });

  it('refuses fields Convirza cannot store', () => {
    expect(
      problemsOf(() =>
        toConvirzaBody({ ...FULL, language: 'en-US', password: 'x', company: 'Acme' }, 'create'),
      ),
    ).toEqual(['language', 'password', 'company']);
  });

  it.each([
    [{ groups: [{ id: '1001' }, { id: '1002' }] }, 'groups'],
    [{ groups: [{ id: 'desk/1' }] }, 'groups[0].id'],
    [{ orgUnitId: 1002 }, 'orgUnitId'],
    [{ orgUnitId: 0, groups: undefined }, 'orgUnitId'],
    [{ status: 'deleted' as const }, 'status'],
  ])('refuses %p', (change, field) => {
    expect(problemsOf(() => toConvirzaBody({ ...FULL, ...change }, 'create'))).toContain(field);
  });

  it('PUT needs status too and clears the optional fields left out', () => {
    expect(problemsOf(() => toConvirzaBody(FULL, 'replace'))).toEqual(['status']);
    const { externalId: _e, phone: _p, timezone: _t, ...required } = FULL;
    expect(toConvirzaBody({ ...required, status: 'inactive' }, 'replace')).toEqual({
      username: 'admin@example.com',
      first_name: 'Admin',
      last_name: 'User',
      ct_user_ou_id: 1001,
      role: 'Admin',
      user_status: 'inactive',
      user_ext_id: null,
      timezone: null,
      agent_ring_to: null,
    });
  });

  it('PATCH sends only what was given, and refuses clearing a name or an empty change', () => {
    expect(toConvirzaBody({ lastName: 'Smith', phone: null }, 'patch')).toEqual({
      last_name: 'Smith',
      agent_ring_to: null,
    });
    expect(problemsOf(() => toConvirzaBody({ firstName: null }, 'patch'))).toEqual(['firstName']);
    expect(problemsOf(() => toConvirzaBody({}, 'patch'))).toEqual(['body']);
  });
});
