import { projectAttributes } from './projection';
import { SCIM_ENTERPRISE_USER_SCHEMA as ENT, SCIM_USER_SCHEMA } from './urns';

const user = () => ({
  schemas: [SCIM_USER_SCHEMA, ENT],
  id: '42',
  externalId: 'E-1',
  userName: 'bjensen',
  password: 'never shown',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  active: true,
  emails: [
    { value: 'a@x.example', type: 'work', primary: true },
    { value: 'b@x.example', type: 'home' },
  ],
  [ENT]: { department: 'Sales', organization: 'Acme' },
  meta: { resourceType: 'User', version: 'W/"1"' },
});

describe('projectAttributes', () => {
  it.each<[string, Record<string, unknown>]>([
    ['userName', { schemas: user().schemas, id: '42', userName: 'bjensen' }],
    ['USERNAME,Active', { schemas: user().schemas, id: '42', userName: 'bjensen', active: true }],
    [
      ' userName , externalId ',
      { schemas: user().schemas, id: '42', userName: 'bjensen', externalId: 'E-1' },
    ],
    ['name.givenName', { schemas: user().schemas, id: '42', name: { givenName: 'Barbara' } }],
    [
      'name.givenName,name.familyName',
      { schemas: user().schemas, id: '42', name: { givenName: 'Barbara', familyName: 'Jensen' } },
    ],
    [
      'emails.value',
      {
        schemas: user().schemas,
        id: '42',
        emails: [{ value: 'a@x.example' }, { value: 'b@x.example' }],
      },
    ],
    [`${SCIM_USER_SCHEMA}:userName`, { schemas: user().schemas, id: '42', userName: 'bjensen' }],
    [`${ENT}:department`, { schemas: user().schemas, id: '42', [ENT]: { department: 'Sales' } }],
    [
      ENT,
      { schemas: user().schemas, id: '42', [ENT]: { department: 'Sales', organization: 'Acme' } },
    ],
    ['id', { schemas: user().schemas, id: '42' }],
    ['password', { schemas: user().schemas, id: '42' }],
    ['shoeSize', { schemas: user().schemas, id: '42' }],
    ['meta.version', { schemas: user().schemas, id: '42', meta: { version: 'W/"1"' } }],
  ])('attributes=%s', (attributes, expected) => {
    expect(projectAttributes(user(), { attributes })).toEqual(expected);
  });

  it.each<[string, (out: Record<string, any>) => void]>([
    ['emails', (o) => expect(o).not.toHaveProperty('emails')],
    ['id,schemas', (o) => expect(o).toMatchObject({ id: '42', schemas: user().schemas })],
    ['name.givenName', (o) => expect(o.name).toEqual({ familyName: 'Jensen' })],
    [
      'emails.type',
      (o) =>
        expect(o.emails).toEqual([
          { value: 'a@x.example', primary: true },
          { value: 'b@x.example' },
        ]),
    ],
    [`${ENT}:department`, (o) => expect(o[ENT]).toEqual({ organization: 'Acme' })],
    [`${ENT}:department,${ENT}:organization`, (o) => expect(o).not.toHaveProperty(ENT)],
    [ENT, (o) => expect(o).not.toHaveProperty(ENT)],
    ['META', (o) => expect(o).not.toHaveProperty('meta')],
  ])('excludedAttributes=%s', (excludedAttributes, check) => {
    const out = projectAttributes(user(), { excludedAttributes });
    expect(out).not.toHaveProperty('password');
    check(out);
  });

  it('returns everything but the password by default, without touching its input', () => {
    const input = user();
    const { password: _password, ...rest } = input;
    expect(projectAttributes(input, {})).toEqual(rest);
    expect(input.password).toBe('never shown');
  });

  it('lets attributes win over excludedAttributes', () => {
    expect(
      projectAttributes(user(), { attributes: ['userName'], excludedAttributes: 'userName' }),
    ).toEqual({
      schemas: user().schemas,
      id: '42',
      userName: 'bjensen',
    });
  });
});
