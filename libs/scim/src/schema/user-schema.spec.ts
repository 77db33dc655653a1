import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_USER_SCHEMA } from '../urns';
import { SCIM_CORE_USER_ATTRIBUTES, scimUserSchema } from './user-schema';
import { ScimError } from '../scim.error';

describe('scimUserSchema', () => {
  it('keeps only what a vendor holds, in the RFC order', () => {
    const schema = scimUserSchema({
      core: ['emails', 'name.familyName', 'userName', 'name.givenName', 'active'],
      enterprise: ['department'],
    });
    expect(schema.core.id).toBe(SCIM_USER_SCHEMA);
    expect(schema.core.attributes.map((a) => a.name)).toEqual([
      'userName',
      'name',
      'active',
      'emails',
    ]);
    expect(schema.core.attributes[1].subAttributes?.map((a) => a.name)).toEqual([
      'familyName',
      'givenName',
    ]);
    expect(schema.extensions).toHaveLength(1);
    expect(schema.extensions[0].id).toBe(SCIM_ENTERPRISE_USER_SCHEMA);
    expect(schema.extensions[0].attributes.map((a) => a.name)).toEqual(['department']);
  });

  it('drops the extension when the vendor holds none of it', () => {
    expect(scimUserSchema({ core: ['userName'] }).extensions).toEqual([]);
    expect(scimUserSchema({ core: ['userName'], enterprise: [] }).extensions).toEqual([]);
  });

  it('keeps a whole complex attribute when named whole', () => {
    const schema = scimUserSchema({ core: ['name', 'name.givenName'] });
    expect(schema.core.attributes[0].subAttributes).toHaveLength(6);
  });

  it.each([['shoeSize'], ['name.nick'], ['emails.colour']])(
    'refuses %p (a programming error)',
    (name) => {
      expect(() => scimUserSchema({ core: [name] })).toThrow(Error);
    },
  );

  it('describes userName as RFC 7643 does', () => {
    expect(SCIM_CORE_USER_ATTRIBUTES.find((a) => a.name === 'userName')).toMatchObject({
      type: 'string',
      required: true,
      caseExact: false,
      uniqueness: 'server',
      mutability: 'readWrite',
    });
    expect(SCIM_CORE_USER_ATTRIBUTES.find((a) => a.name === 'password')).toMatchObject({
      mutability: 'writeOnly',
      returned: 'never',
    });
  });
});

describe('ScimError', () => {
  it('renders the RFC 7644 error body, status as a string', () => {
    expect(new ScimError(400, 'invalidFilter', 'bad').toBody()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidFilter',
      detail: 'bad',
    });
    expect(new ScimError(404, undefined, 'Resource 7 not found').toBody()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
      detail: 'Resource 7 not found',
    });
  });
});
