import { InvalidRequestError } from '@userbridge/errors';
import { UserWriteInput } from '@userbridge/vendor-core';
import { toConvirzaBody, toConvirzaUpdate } from './convirza-write.mapper';
import { fromConvirzaUser } from './convirza.mapper';

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
    expect(toConvirzaBody(FULL)).toEqual({
      username: 'admin@example.com',
      first_name: 'Admin',
      last_name: 'User',
      ct_user_ou_id: 1001,
      role: 'Admin',
      role_id: 1,
      user_ext_id: 'EXT-ADMIN-001',
      timezone: 'America/New_York',
      agent_ring_to: '+14155550134',
    });
  });

  it('accepts an explicit orgUnitId and maps every role', () => {
    const { groups: _groups, ...rest } = FULL;
    expect(toConvirzaBody({ ...rest, orgUnitId: 1003, role: 'read_only' })).toMatchObject({
      ct_user_ou_id: 1003,
      role: 'ReadOnly',
    });
    expect(toConvirzaBody({ ...FULL, role: 'member' }).role).toBe('Standard');
  });

  it('requires every Create field, naming each', () => {
    expect(problemsOf(() => toConvirzaBody({}))).toEqual([
      'email',
      'firstName',
      'lastName',
      'orgUnitId',
      'role',
    ]);
  });

  it('refuses a role Convirza does not have rather than downgrading it', () => {
    expect(problemsOf(() => toConvirzaBody({ ...FULL, role: 'manager' }))).toEqual(['role']);
  });

  it('refuses fields Convirza cannot store', () => {
    expect(
      problemsOf(() =>
        toConvirzaBody({ ...FULL, language: 'en-US', password: 'x', company: 'Acme' }),
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
    expect(problemsOf(() => toConvirzaBody({ ...FULL, ...change }))).toContain(field);
  });

  it('sets permissions as the score_call and access_audio flags, refusing any other', () => {
    expect(toConvirzaBody({ ...FULL, permissions: ['access_audio'] })).toMatchObject({
      score_call: false,
      access_audio: true,
    });
    expect(problemsOf(() => toConvirzaBody({ ...FULL, permissions: ['calls:read'] }))).toEqual([
      'permissions',
    ]);
  });

  it('sends user_status on create when given', () => {
    expect(toConvirzaBody({ ...FULL, status: 'inactive' }).user_status).toBe('inactive');
  });
});

/** The Get User page's own example, verbatim. */
const PAGE_USER = {
  ct_user_id: 12345,
  username: 'john.doe@example.com',
  first_name: 'John',
  last_name: 'Doe',
  user_ext_id: 'EXT-001',
  ct_user_ou_id: 1001,
  role_id: 2,
  role_name: 'Standard',
  user_status: 'active',
  score_call: false,
  access_audio: true,
  aliases: null,
  timezone: 'America/New_York',
  agent_ring_to: '+1234567890',
  agent_code: 10,
  user_created: '2026-01-15T10:30:00Z',
  user_modified: '2026-02-20T14:25:00Z',
};
const current = (raw: Record<string, unknown> = PAGE_USER) => {
  const record = fromConvirzaUser(raw);
  return { raw, user: record.user };
};
/** The writable canonical fields of a user as read: what a caller sends back unchanged. */
const asRead = (): UserWriteInput => {
  const { user } = current();
  return {
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
};

describe('toConvirzaUpdate', () => {
  it('changes nothing when the user is written back as read (the page example)', () => {
    expect(toConvirzaUpdate(asRead(), 'replace', current())).toBeNull();
    expect(toConvirzaUpdate(asRead(), 'patch', current())).toBeNull();
  });

  it('PUT sends the whole documented body, keeping every field the caller did not change', () => {
    expect(toConvirzaUpdate({ ...asRead(), firstName: 'Jon' }, 'replace', current())).toEqual({
      username: 'john.doe@example.com',
      first_name: 'Jon',
      last_name: 'Doe',
      role: 'Standard',
      role_id: 2,
      user_ext_id: 'EXT-001',
      user_status: 'active',
      aliases: null,
      timezone: 'America/New_York',
      agent_ring_to: '+1234567890',
      agent_code: 10,
      ct_user_ou_id: 1001,
      score_call: false,
      access_audio: true,
    });
  });

  it('keeps an agent_ring_to that did not parse when the caller sends the phone back as null', () => {
    const raw = { ...PAGE_USER, agent_ring_to: 'ext. 12' };
    const body = toConvirzaUpdate(
      { ...asRead(), phone: null, lastName: 'Dow' },
      'replace',
      current(raw),
    );
    expect(body).toMatchObject({ agent_ring_to: 'ext. 12', last_name: 'Dow' });
  });

  it('PATCH never sends null for a field the caller did not name', () => {
    const body = toConvirzaUpdate({ lastName: 'Smith' }, 'patch', current());
    expect(body).toMatchObject({ last_name: 'Smith', agent_code: 10, score_call: false });
    expect(Object.entries(body ?? {}).filter(([, v]) => v === null)).toEqual([]);
    expect(toConvirzaUpdate({ phone: null }, 'patch', current())).toMatchObject({
      agent_ring_to: null,
    });
  });

  it('writes permissions and a role change, and refuses clearing a name or an empty PATCH', () => {
    expect(
      toConvirzaUpdate({ permissions: ['score_call'], role: 'admin' }, 'patch', current()),
    ).toMatchObject({ score_call: true, access_audio: false, role: 'Admin', role_id: 1 });
    expect(problemsOf(() => toConvirzaUpdate({ firstName: null }, 'patch', current()))).toEqual([
      'firstName',
    ]);
    expect(problemsOf(() => toConvirzaUpdate({}, 'patch', current()))).toEqual(['body']);
  });

  it('PUT still requires the full set of fields, naming what is missing', () => {
    const { status: _s, ...rest } = asRead();
    expect(problemsOf(() => toConvirzaUpdate(rest, 'replace', current()))).toEqual(['status']);
  });

  it('refuses a canonical field Convirza cannot store when it changes', () => {
    expect(
      problemsOf(() =>
        toConvirzaUpdate({ language: 'en-US', displayName: 'JD' }, 'patch', current()),
      ),
    ).toEqual(['displayName', 'language']);
  });
});
