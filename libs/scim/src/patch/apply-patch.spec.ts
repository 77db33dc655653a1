import { ScimError } from '../scim.error';
import { scimUserSchema } from '../schema/user-schema';
import { SCIM_ENTERPRISE_USER_SCHEMA as ENT, SCIM_PATCH_OP, SCIM_USER_SCHEMA } from '../urns';
import { applyPatch, parsePatchOperations } from './apply-patch';

const schema = scimUserSchema({
  core: [
    'userName',
    'name',
    'displayName',
    'active',
    'emails',
    'phoneNumbers',
    'title',
    'timezone',
    'locale',
    'preferredLanguage',
  ],
  enterprise: ['department', 'organization', 'manager'],
});
/** A vendor that holds little (the desk-like case). */
const narrow = scimUserSchema({
  core: ['userName', 'name.givenName', 'name.familyName', 'emails', 'active'],
});

const user = () => ({
  schemas: [SCIM_USER_SCHEMA, ENT],
  id: '42',
  externalId: 'E-1',
  userName: 'bjensen@example.com',
  name: { givenName: 'Barbara', familyName: 'Jensen', formatted: 'Barbara Jensen' },
  displayName: 'Babs',
  active: true,
  emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
  phoneNumbers: [{ value: '+15550100', type: 'work' }],
  [ENT]: { department: 'Sales', organization: 'Acme' },
  meta: {
    resourceType: 'User',
    created: '2026-01-01T00:00:00.000Z',
    lastModified: '2026-01-02T00:00:00.000Z',
    version: 'W/"1"',
    location: 'https://gw/scim/v2/c/Users/42',
  },
});

const body = (...Operations: unknown[]) => ({ schemas: [SCIM_PATCH_OP], Operations });
const patch = (ops: unknown[], on: Record<string, unknown> = user(), s = schema) =>
  applyPatch(on, parsePatchOperations(body(...ops)), s).resource as Record<string, any>;

function refusal(work: () => unknown): ScimError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return error as ScimError;
  }
  throw new Error('no error');
}

describe('parsePatchOperations', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['no object', [], 'invalidSyntax', /JSON object/],
    ['no schemas', { Operations: [{ op: 'add', value: {} }] }, 'invalidSyntax', /schemas/],
    [
      'the User schema',
      { schemas: [SCIM_USER_SCHEMA], Operations: [] },
      'invalidSyntax',
      /PatchOp/,
    ],
    ['no Operations', { schemas: [SCIM_PATCH_OP] }, 'invalidSyntax', /Operations/],
    ['empty Operations', body(), 'invalidSyntax', /non-empty/],
    [
      'an unknown op',
      body({ op: 'move', path: 'title', value: 'x' }),
      'invalidSyntax',
      /add, replace or remove/,
    ],
    ['no op', body({ path: 'title', value: 'x' }), 'invalidSyntax', /add, replace or remove/],
    ['a non-string path', body({ op: 'add', path: 3, value: 'x' }), 'invalidPath', /string/],
    ['an add without value', body({ op: 'add', path: 'title' }), 'invalidSyntax', /needs a value/],
    ['a remove without path', body({ op: 'Remove' }), 'noTarget', /needs a path/],
    [
      'a no-path replace with a string',
      body({ op: 'replace', value: 'x' }),
      'invalidValue',
      /object/,
    ],
    [
      'an unparsable path',
      body({ op: 'add', path: 'emails[type eq', value: 'x' }),
      'invalidPath',
      /does not parse/,
    ],
    [
      'an unknown URN',
      body({ op: 'add', path: 'urn:x:y:title', value: 'x' }),
      'invalidPath',
      /schema/,
    ],
    [
      'a filter after a sub-attribute',
      body({ op: 'add', path: 'name.x[a eq "b"]', value: 'x' }),
      'invalidPath',
      /filter after/,
    ],
  ])('refuses %s', (_label, input, scimType, detail) => {
    const error = refusal(() => parsePatchOperations(input));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe(scimType);
    expect(error.detail).toMatch(detail);
  });

  it('takes ops in any case and URN, dotted and filtered paths', () => {
    const ops = parsePatchOperations({
      schemas: [SCIM_PATCH_OP.toUpperCase()],
      Operations: [
        { op: 'Add', path: 'name.givenName', value: 'B' },
        { op: 'REPLACE', path: `${ENT}:department`, value: 'D' },
        { Op: 'remove', Path: 'emails[type eq "work"].value' },
      ],
    });
    expect(ops).toEqual([
      {
        op: 'add',
        path: {
          text: 'name.givenName',
          schema: null,
          attribute: 'name',
          filter: null,
          subAttribute: 'givenName',
        },
        value: 'B',
      },
      {
        op: 'replace',
        path: {
          text: `${ENT}:department`,
          schema: ENT,
          attribute: 'department',
          filter: null,
          subAttribute: null,
        },
        value: 'D',
      },
      {
        op: 'remove',
        path: {
          text: 'emails[type eq "work"].value',
          schema: null,
          attribute: 'emails',
          filter: { kind: 'compare', attribute: 'type', operator: 'eq', value: 'work' },
          subAttribute: 'value',
        },
      },
    ]);
  });
});

describe('applyPatch', () => {
  it('Okta: replace with a value object', () => {
    const out = patch([{ op: 'replace', value: { active: false } }]);
    expect(out.active).toBe(false);
  });

  it.each([
    ['False', false],
    ['True', true],
    ['false', false],
    [' TRUE ', true],
  ])('Entra: active as the string %p', (text, expected) => {
    expect(patch([{ op: 'Replace', path: 'active', value: text }]).active).toBe(expected);
    expect(patch([{ op: 'Replace', value: { active: text } }]).active).toBe(expected);
  });

  it('Entra: dotted and URN-prefixed keys in a no-path value', () => {
    const out = patch([
      {
        op: 'Add',
        value: {
          'name.givenName': 'Barb',
          'name.familyName': 'J',
          [`${ENT}:department`]: 'Support',
          displayName: 'BJ',
        },
      },
    ]);
    expect(out.name).toEqual({ givenName: 'Barb', familyName: 'J', formatted: 'Barbara Jensen' });
    expect(out.displayName).toBe('BJ');
    expect(out[ENT]).toEqual({ department: 'Support', organization: 'Acme' });
  });

  it('an extension object as a no-path key', () => {
    const out = patch([{ op: 'replace', value: { [ENT]: { department: 'Ops' } } }]);
    expect(out[ENT]).toEqual({ department: 'Ops', organization: 'Acme' });
  });

  it('attribute names in any case, canonical in the result', () => {
    const out = patch([{ op: 'replace', value: { USERNAME: 'x@example.com', DisplayName: 'X' } }]);
    expect(out.userName).toBe('x@example.com');
    expect(out.displayName).toBe('X');
    expect(out).not.toHaveProperty('USERNAME');
  });

  it('add on a single-valued attribute replaces it', () => {
    expect(patch([{ op: 'add', path: 'displayName', value: 'New' }]).displayName).toBe('New');
    expect(patch([{ op: 'add', path: 'title', value: 'CTO' }]).title).toBe('CTO');
  });

  it('replace of a complex attribute leaves the sub-attributes not given', () => {
    const out = patch([{ op: 'replace', path: 'name', value: { givenName: 'B' } }]);
    expect(out.name).toEqual({ givenName: 'B', familyName: 'Jensen', formatted: 'Barbara Jensen' });
  });

  it('Entra: a filtered value path replaces the matching element only', () => {
    const on = {
      ...user(),
      emails: [
        { value: 'a@work.example', type: 'work', primary: true },
        { value: 'a@home.example', type: 'home' },
      ],
    };
    const out = patch(
      [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'b@work.example' }],
      on,
    );
    expect(out.emails).toEqual([
      { value: 'b@work.example', type: 'work', primary: true },
      { value: 'a@home.example', type: 'home' },
    ]);
  });

  it('Entra: a Replace whose filter matches nothing adds the element it describes', () => {
    const out = patch([
      { op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+15550199' },
    ]);
    expect(out.phoneNumbers).toEqual([
      { value: '+15550100', type: 'work' },
      { type: 'mobile', value: '+15550199' },
    ]);
    const noEmails = { ...user(), emails: undefined };
    expect(
      patch([{ op: 'Add', path: 'emails[type eq "work"].value', value: 'n@x.example' }], noEmails)
        .emails,
    ).toEqual([{ type: 'work', value: 'n@x.example' }]);
  });

  it('refuses to add through a filter that describes no element', () => {
    const error = refusal(() =>
      patch([{ op: 'replace', path: 'emails[value co "@nowhere"].type', value: 'home' }]),
    );
    expect(error.scimType).toBe('noTarget');
  });

  it('adds to a multi-valued attribute, merging a value that is there already', () => {
    const out = patch([
      {
        op: 'add',
        path: 'emails',
        value: [
          { value: 'BJENSEN@example.com', display: 'Babs' },
          { value: 'b@home.example', type: 'home' },
        ],
      },
    ]);
    expect(out.emails).toEqual([
      { value: 'BJENSEN@example.com', type: 'work', primary: true, display: 'Babs' },
      { value: 'b@home.example', type: 'home' },
    ]);
  });

  it('replaces a whole multi-valued attribute, keeping one primary', () => {
    const out = patch([
      {
        op: 'replace',
        path: 'emails',
        value: [
          { value: 'a@x.example', primary: true },
          { value: 'b@x.example', primary: 'True' },
        ],
      },
    ]);
    expect(out.emails).toEqual([
      { value: 'a@x.example', primary: false },
      { value: 'b@x.example', primary: true },
    ]);
  });

  it('a new primary demotes the old one', () => {
    const out = patch([
      { op: 'add', path: 'emails', value: [{ value: 'n@x.example', primary: true }] },
    ]);
    expect(out.emails.map((e: any) => e.primary)).toEqual([false, true]);
  });

  it.each<[string, unknown, (out: Record<string, any>) => void]>([
    [
      'a single-valued attribute',
      { op: 'remove', path: 'displayName' },
      (o) => expect(o).not.toHaveProperty('displayName'),
    ],
    [
      'a sub-attribute',
      { op: 'remove', path: 'name.givenName' },
      (o) => expect(o.name).toEqual({ familyName: 'Jensen', formatted: 'Barbara Jensen' }),
    ],
    [
      'matching elements',
      { op: 'remove', path: 'emails[type eq "work"]' },
      (o) => expect(o).not.toHaveProperty('emails'),
    ],
    [
      'an element value (the element goes with it)',
      { op: 'Remove', path: 'emails[type eq "work"].value' },
      (o) => expect(o).not.toHaveProperty('emails'),
    ],
    [
      'a sub-attribute of matching elements',
      { op: 'remove', path: 'emails[type eq "work"].primary' },
      (o) => expect(o.emails).toEqual([{ value: 'bjensen@example.com', type: 'work' }]),
    ],
    [
      'elements by value',
      { op: 'remove', path: 'phoneNumbers', value: [{ value: '+15550100' }] },
      (o) => expect(o).not.toHaveProperty('phoneNumbers'),
    ],
    [
      'an enterprise attribute',
      { op: 'remove', path: `${ENT}:department` },
      (o) => expect(o[ENT]).toEqual({ organization: 'Acme' }),
    ],
    [
      'the last enterprise attribute',
      { op: 'remove', path: ENT },
      (o) => expect(o).not.toHaveProperty(ENT),
    ],
    [
      'nothing, through a filter that matches nothing',
      { op: 'remove', path: 'emails[type eq "home"]' },
      (o) => expect(o.emails).toHaveLength(1),
    ],
    [
      'an attribute that has no value',
      { op: 'remove', path: 'title' },
      (o) => expect(o).not.toHaveProperty('title'),
    ],
    [
      'a value through null',
      { op: 'replace', path: 'displayName', value: null },
      (o) => expect(o).not.toHaveProperty('displayName'),
    ],
  ])('removes %s', (_label, op, check) => {
    check(patch([op]));
  });

  it('is all or none, and never touches its input', () => {
    const input = user();
    const before = structuredClone(input);
    const ops = parsePatchOperations(
      body(
        { op: 'replace', path: 'displayName', value: 'Changed' },
        { op: 'replace', path: 'active', value: 'maybe' },
      ),
    );
    expect(() => applyPatch(input, ops, schema)).toThrow(ScimError);
    expect(input).toEqual(before);
    const ok = applyPatch(
      input,
      parsePatchOperations(body({ op: 'replace', path: 'displayName', value: 'C' })),
      schema,
    );
    expect(ok.resource.displayName).toBe('C');
    expect(input).toEqual(before);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['replace id', { op: 'replace', path: 'id', value: '43' }, 'mutability', /id is read-only/],
    [
      'replace meta',
      { op: 'replace', path: 'meta.lastModified', value: '2026-01-01T00:00:00Z' },
      'mutability',
      /read-only/,
    ],
    ['remove id', { op: 'remove', path: 'id' }, 'mutability', /read-only/],
    ['a no-path id', { op: 'replace', value: { id: '43' } }, 'mutability', /read-only/],
    ['groups', { op: 'add', path: 'groups', value: [{ value: 'g' }] }, 'mutability', /read-only/],
    [
      'an unknown attribute',
      { op: 'add', path: 'shoeSize', value: '9' },
      'invalidPath',
      /no attribute/,
    ],
    [
      'an unknown no-path key',
      { op: 'add', value: { shoeSize: '9' } },
      'invalidPath',
      /no attribute/,
    ],
    [
      'an unknown sub-attribute',
      { op: 'add', path: 'name.nick', value: 'x' },
      'invalidPath',
      /no sub-attribute/,
    ],
    [
      'a filter on a single-valued attribute',
      { op: 'add', path: 'name[givenName eq "B"].familyName', value: 'x' },
      'invalidPath',
      /single-valued/,
    ],
    [
      'a filter on an unknown sub-attribute',
      { op: 'replace', path: 'emails[colour eq "red"].value', value: 'x' },
      'invalidPath',
      /no sub-attribute "colour"/,
    ],
    [
      'a number for a string',
      { op: 'replace', path: 'displayName', value: 7 },
      'invalidValue',
      /string/,
    ],
    [
      'a word for a boolean',
      { op: 'replace', path: 'active', value: 'yes' },
      'invalidValue',
      /boolean/,
    ],
    [
      'a string for a complex',
      { op: 'replace', path: 'name', value: 'Barbara' },
      'invalidValue',
      /object/,
    ],
    [
      'an unknown key in a complex value',
      { op: 'replace', path: 'name', value: { nick: 'B' } },
      'invalidValue',
      /no sub-attribute "nick"/,
    ],
    [
      'a string element',
      { op: 'add', path: 'emails', value: ['a@x.example'] },
      'invalidValue',
      /object/,
    ],
    ['removing userName', { op: 'remove', path: 'userName' }, 'invalidValue', /required/],
    ['userName to null', { op: 'replace', value: { userName: null } }, 'invalidValue', /required/],
    [
      'removing the core schema',
      { op: 'remove', path: SCIM_USER_SCHEMA },
      'invalidPath',
      /name an attribute/,
    ],
  ])('refuses %s', (_label, op, scimType, detail) => {
    const error = refusal(() => patch([op]));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe(scimType);
    expect(error.detail).toMatch(detail);
  });

  it('lets a read-only value sent back unchanged through', () => {
    const out = patch([{ op: 'replace', value: { id: '42', displayName: 'Same id' } }]);
    expect(out.displayName).toBe('Same id');
    expect(out.id).toBe('42');
  });

  it('refuses what the connection does not hold, or ignores it when asked', () => {
    const ops = parsePatchOperations(
      body(
        { op: 'replace', path: 'title', value: 'CTO' },
        { op: 'replace', path: 'name.formatted', value: 'B J' },
        { op: 'add', value: { [`${ENT}:department`]: 'Ops', 'name.givenName': 'B' } },
      ),
    );
    const error = refusal(() => applyPatch(user(), ops, narrow));
    expect(error.scimType).toBe('invalidPath');
    expect(error.detail).toMatch(/"title" is not held by this connection/);
    const out = applyPatch(user(), ops, narrow, { unheld: 'ignore' });
    expect(out.ignored).toEqual(['title', 'name.formatted', `${ENT}:department`]);
    expect((out.resource.name as any).givenName).toBe('B');
    expect(out.resource.title).toBeUndefined();
  });

  it('Entra: manager as an enterprise complex attribute, its read-only displayName ignored', () => {
    const out = patch([
      { op: 'Add', path: `${ENT}:manager`, value: { value: '7', displayName: 'Boss' } },
    ]);
    expect(out[ENT].manager).toEqual({ value: '7' });
  });

  it('Entra: manager given as its id alone', () => {
    const out = patch([{ op: 'Add', path: `${ENT}:manager`, value: '2819c223' }]);
    expect(out[ENT].manager).toEqual({ value: '2819c223' });
  });

  it('an Okta-style sequence in one request', () => {
    const out = patch([
      { op: 'replace', value: { 'name.givenName': 'Barbara', 'name.familyName': 'Jensen-Smith' } },
      { op: 'replace', path: 'emails[primary eq true].value', value: 'bjs@example.com' },
      { op: 'replace', value: { active: false } },
    ]);
    expect(out.name.familyName).toBe('Jensen-Smith');
    expect(out.emails).toEqual([{ value: 'bjs@example.com', type: 'work', primary: true }]);
    expect(out.active).toBe(false);
  });
});
