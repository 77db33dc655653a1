import { InvalidRequestError } from '@userbridge/errors';
import { UserWriteInput } from '@userbridge/vendor-core';
import { toCrediraBody } from './credira-write.mapper';

const NEW_CLIENT: UserWriteInput = {
  email: 'ines.client@example.com',
  displayName: 'Inês Client',
  company: 'Acme Corporation',
  role: 'manager',
  department: 'finance',
  phone: '+442079460958',
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

describe('toCrediraBody: create', () => {
  it('builds the POST body', () => {
    expect(
      toCrediraBody(
        { ...NEW_CLIENT, timezone: 'Europe/Lisbon', language: 'en-US', externalId: 'EXT-1' },
        'create',
      ),
    ).toEqual({
      email: 'ines.client@example.com',
      name: 'Inês Client',
      company: 'Acme Corporation',
      role: 'manager',
      department: 'finance',
      phone: '+442079460958',
      metadata: { timezone: 'Europe/Lisbon', language: 'en-US', external_id: 'EXT-1' },
    });
  });

  it.each([
    ['admin', 'admin'],
    ['manager', 'manager'],
    ['member', 'member'],
    ['read_only', 'viewer'],
  ] as const)('writes role %p as %p', (role, text) => {
    expect(toCrediraBody({ ...NEW_CLIENT, role }, 'create').role).toBe(text);
  });

  it('joins first and last names, and takes a lone first name', () => {
    const { displayName: _d, ...rest } = NEW_CLIENT;
    expect(
      toCrediraBody({ ...rest, firstName: ' Mary Ann ', lastName: 'Smith' }, 'create').name,
    ).toBe('Mary Ann Smith');
    expect(toCrediraBody({ ...rest, firstName: 'Madonna' }, 'create').name).toBe('Madonna');
    expect(
      toCrediraBody(
        { ...rest, displayName: 'Mary Ann Smith', firstName: 'Mary Ann', lastName: 'Smith' },
        'create',
      ).name,
    ).toBe('Mary Ann Smith');
  });

  it('requires email, a name and company, naming each', () => {
    expect(problemsOf(() => toCrediraBody({ role: 'member' }, 'create'))).toEqual([
      'email',
      'displayName',
      'company',
    ]);
  });

  it('sends nothing for a null optional field, there being nothing to clear', () => {
    expect(
      toCrediraBody({ ...NEW_CLIENT, phone: null, department: null, timezone: null }, 'create'),
    ).toEqual({
      email: 'ines.client@example.com',
      name: 'Inês Client',
      company: 'Acme Corporation',
      role: 'manager',
    });
  });

  it('accepts status active (a new user is active), refuses any other', () => {
    expect(toCrediraBody({ ...NEW_CLIENT, status: 'active' }, 'create')).not.toHaveProperty(
      'status',
    );
    expect(
      problemsOf(() => toCrediraBody({ ...NEW_CLIENT, status: 'inactive' }, 'create')),
    ).toEqual(['status']);
  });

  it.each([
    [{ username: 'ines' }, 'username'],
    [{ password: 'hunter2' }, 'password'],
    [{ groups: [{ id: 'acc_1' }] }, 'groups'],
    [{ orgUnitId: 1001 }, 'orgUnitId'],
    [{ permissions: ['calls:read'] }, 'permissions'],
    [{ company: '   ' }, 'company'],
    [{ displayName: '  ' }, 'displayName'],
    [{ displayName: null }, 'displayName'],
    [{ displayName: 'Ines Client', firstName: 'Inês', lastName: 'Client' }, 'displayName'],
    [{ status: 'deleted' as const }, 'status'],
  ])('refuses %p, naming it', (change, field) => {
    expect(problemsOf(() => toCrediraBody({ ...NEW_CLIENT, ...change }, 'create'))).toEqual([
      field,
    ]);
  });
});

describe('toCrediraBody: replace and patch', () => {
  it.each(['replace', 'patch'] as const)('%s sends exactly what was given', (mode) => {
    expect(toCrediraBody({ status: 'inactive', department: 'ops' }, mode)).toEqual({
      status: 'inactive',
      department: 'ops',
    });
    expect(toCrediraBody({ displayName: 'Hank Again' }, mode)).toEqual({ name: 'Hank Again' });
    expect(
      toCrediraBody({ permissions: ['calls:read'], role: 'read_only', phone: null }, mode),
    ).toEqual({
      permissions: ['calls:read'],
      role: 'viewer',
      phone: null,
    });
    expect(toCrediraBody({ timezone: null, language: 'en-US' }, mode)).toEqual({
      metadata: { timezone: null, language: 'en-US' },
    });
  });

  it.each(['replace', 'patch'] as const)('%s refuses an email change', (mode) => {
    try {
      toCrediraBody({ email: 'other@example.com' }, mode);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as Error).message).toContain("Credira does not allow changing a user's email");
      expect((error as InvalidRequestError).details?.fields).toEqual([
        { field: 'email', message: "Credira does not allow changing a user's email" },
      ]);
    }
  });

  it.each([
    [{ status: 'deleted' as const }, 'status'],
    [{ company: 'Other Corp' }, 'company'],
    [{ username: 'x' }, 'username'],
    [{ password: 'x' }, 'password'],
    [{ groups: [] }, 'groups'],
    [{ orgUnitId: 1 }, 'orgUnitId'],
    [{ displayName: null }, 'displayName'],
    [{ firstName: null, lastName: null }, 'firstName'],
    [{}, 'body'],
  ])('refuses %p, naming it', (input, field) => {
    expect(problemsOf(() => toCrediraBody(input, 'replace'))).toEqual([field]);
    expect(problemsOf(() => toCrediraBody(input, 'patch'))).toEqual([field]);
  });

  it('a patch changes the one full name only with both parts, a replace takes what it gets', () => {
    expect(problemsOf(() => toCrediraBody({ firstName: 'Hank' }, 'patch'))).toEqual(['lastName']);
    expect(problemsOf(() => toCrediraBody({ lastName: 'Only' }, 'patch'))).toEqual(['firstName']);
    expect(toCrediraBody({ firstName: 'Hank', lastName: null }, 'patch')).toEqual({ name: 'Hank' });
    expect(toCrediraBody({ firstName: 'Hank' }, 'replace')).toEqual({ name: 'Hank' });
  });

  it('reports every broken rule at once', () => {
    expect(
      problemsOf(() =>
        toCrediraBody({ email: 'x@example.com', company: 'C', status: 'deleted' }, 'patch'),
      ),
    ).toEqual(['email', 'company', 'status']);
  });
});
