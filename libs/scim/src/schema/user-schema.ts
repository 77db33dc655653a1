import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_USER_SCHEMA } from '../urns';
import type {
  ScimAttributeDefinition,
  ScimAttributeType,
  ScimSchemaDefinition,
  ScimUserSchema,
} from './attribute.types';

function attr(
  name: string,
  type: ScimAttributeType,
  description: string,
  more: Partial<ScimAttributeDefinition> = {},
): ScimAttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...more,
  };
}

/** value/display/type/primary: the sub-attributes of RFC 7643's plural string attributes. */
function plural(
  name: string,
  description: string,
  valueType: ScimAttributeType,
  types: readonly string[],
  extra: readonly ScimAttributeDefinition[] = [],
): ScimAttributeDefinition {
  return attr(name, 'complex', description, {
    multiValued: true,
    subAttributes: [
      attr('value', valueType, `The ${name} value`),
      attr('display', 'string', 'A human-readable name, primarily used for display purposes'),
      attr('type', 'string', 'A label indicating the function', {
        ...(types.length > 0 ? { canonicalValues: types } : {}),
      }),
      attr('primary', 'boolean', 'Whether this is the primary value (at most one)'),
      ...extra,
    ],
  });
}

/** RFC 7643 §3.1: on every resource, not listed in `/Schemas`. */
export const SCIM_COMMON_ATTRIBUTES: readonly ScimAttributeDefinition[] = [
  attr('id', 'string', 'Unique identifier of the resource, assigned by the service provider', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attr('externalId', 'string', "The provisioning client's identifier of the resource", {
    caseExact: true,
  }),
  attr('meta', 'complex', 'Resource metadata', {
    mutability: 'readOnly',
    subAttributes: [
      attr('resourceType', 'string', 'The resource type', {
        caseExact: true,
        mutability: 'readOnly',
      }),
      attr('created', 'dateTime', 'When the resource was added', { mutability: 'readOnly' }),
      attr('lastModified', 'dateTime', 'When the resource was last changed', {
        mutability: 'readOnly',
      }),
      attr('location', 'reference', 'The URI of the resource', {
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      attr('version', 'string', 'The version (ETag) of the resource', {
        caseExact: true,
        mutability: 'readOnly',
      }),
    ],
  }),
];

/** RFC 7643 §4.1 / §8.7.1: every attribute of the core User schema. */
export const SCIM_CORE_USER_ATTRIBUTES: readonly ScimAttributeDefinition[] = [
  attr('userName', 'string', 'Unique identifier for the User, used to authenticate', {
    required: true,
    uniqueness: 'server',
  }),
  attr('name', 'complex', "The components of the user's real name", {
    subAttributes: [
      attr('formatted', 'string', 'The full name, formatted for display'),
      attr('familyName', 'string', 'The family name'),
      attr('givenName', 'string', 'The given name'),
      attr('middleName', 'string', 'The middle name(s)'),
      attr('honorificPrefix', 'string', 'The honorific prefix(es)'),
      attr('honorificSuffix', 'string', 'The honorific suffix(es)'),
    ],
  }),
  attr('displayName', 'string', 'The name of the User, suitable for display'),
  attr('nickName', 'string', 'The casual way to address the user'),
  attr('profileUrl', 'reference', "A fully qualified URL of the User's online profile", {
    referenceTypes: ['external'],
  }),
  attr('title', 'string', "The user's title, such as 'Vice President'"),
  attr('userType', 'string', 'The relationship between the organization and the user'),
  attr('preferredLanguage', 'string', "The User's preferred written or spoken language"),
  attr('locale', 'string', "The User's default location (language tag)"),
  attr('timezone', 'string', "The User's time zone (IANA)"),
  attr('active', 'boolean', "The User's administrative status"),
  attr('password', 'string', "The User's cleartext password, write-only", {
    mutability: 'writeOnly',
    returned: 'never',
  }),
  plural('emails', 'Email addresses for the user', 'string', ['work', 'home', 'other']),
  plural('phoneNumbers', 'Phone numbers for the User', 'string', [
    'work',
    'home',
    'mobile',
    'fax',
    'pager',
    'other',
  ]),
  plural('ims', 'Instant messaging addresses for the User', 'string', [
    'aim',
    'gtalk',
    'icq',
    'xmpp',
    'msn',
    'skype',
    'qq',
    'yahoo',
  ]),
  plural('photos', 'URLs of photos of the User', 'reference', ['photo', 'thumbnail']),
  attr('addresses', 'complex', 'A physical mailing address for this User', {
    multiValued: true,
    subAttributes: [
      attr('formatted', 'string', 'The full mailing address, formatted for display'),
      attr('streetAddress', 'string', 'The full street address component'),
      attr('locality', 'string', 'The city or locality component'),
      attr('region', 'string', 'The state or region component'),
      attr('postalCode', 'string', 'The zip code or postal code component'),
      attr('country', 'string', 'The country name component'),
      attr('type', 'string', 'A label indicating the function', {
        canonicalValues: ['work', 'home', 'other'],
      }),
      attr('primary', 'boolean', 'Whether this is the primary address'),
    ],
  }),
  attr('groups', 'complex', 'Groups the user belongs to', {
    multiValued: true,
    mutability: 'readOnly',
    subAttributes: [
      attr('value', 'string', 'The id of the Group', { mutability: 'readOnly' }),
      attr('$ref', 'reference', 'The URI of the Group', {
        mutability: 'readOnly',
        referenceTypes: ['User', 'Group'],
      }),
      attr('display', 'string', 'A human-readable name', { mutability: 'readOnly' }),
      attr('type', 'string', 'direct or indirect', {
        mutability: 'readOnly',
        canonicalValues: ['direct', 'indirect'],
      }),
    ],
  }),
  plural('entitlements', 'Entitlements of the User', 'string', []),
  plural('roles', 'Roles of the User', 'string', []),
  plural('x509Certificates', 'X.509 certificates of the User', 'binary', []),
];

/** RFC 7643 §4.3: the enterprise User extension. */
export const SCIM_ENTERPRISE_USER_ATTRIBUTES: readonly ScimAttributeDefinition[] = [
  attr('employeeNumber', 'string', 'A string identifier, typically numeric or alphanumeric'),
  attr('costCenter', 'string', 'Identifies the name of a cost center'),
  attr('organization', 'string', 'Identifies the name of an organization'),
  attr('division', 'string', 'Identifies the name of a division'),
  attr('department', 'string', 'Identifies the name of a department'),
  attr('manager', 'complex', "The User's manager", {
    subAttributes: [
      attr('value', 'string', 'The id of the manager'),
      attr('$ref', 'reference', 'The URI of the manager', { referenceTypes: ['User'] }),
      attr('displayName', 'string', 'The displayName of the manager', {
        mutability: 'readOnly',
      }),
    ],
  }),
];

export const SCIM_CORE_USER_SCHEMA: ScimSchemaDefinition = {
  id: SCIM_USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: SCIM_CORE_USER_ATTRIBUTES,
};

export const SCIM_ENTERPRISE_USER_SCHEMA_DEFINITION: ScimSchemaDefinition = {
  id: SCIM_ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: SCIM_ENTERPRISE_USER_ATTRIBUTES,
};

/** Every attribute RFC 7643 defines for a User: what a connection's schema is cut from. */
export const SCIM_FULL_USER_SCHEMA: ScimUserSchema = {
  core: SCIM_CORE_USER_SCHEMA,
  extensions: [SCIM_ENTERPRISE_USER_SCHEMA_DEFINITION],
};

/**
 * What a connection's vendor holds: core attribute names (`"userName"`,
 * `"emails"`; a dotted `"name.givenName"` keeps that sub-attribute only) and
 * enterprise attribute names (`"department"`, `"organization"`).
 */
export interface ScimUserSchemaSelection {
  core: readonly string[];
  enterprise?: readonly string[];
}

function pick(
  attributes: readonly ScimAttributeDefinition[],
  names: readonly string[],
  where: string,
): ScimAttributeDefinition[] {
  const wanted = new Map<string, Set<string> | 'all'>();
  for (const name of names) {
    const [top, sub] = name.split('.', 2);
    const def = attributes.find((a) => a.name === top);
    if (!def) throw new Error(`${where}: no attribute "${top}" in RFC 7643`);
    if (sub === undefined) {
      wanted.set(top, 'all');
      continue;
    }
    if (!def.subAttributes?.some((s) => s.name === sub))
      throw new Error(`${where}: "${top}" has no sub-attribute "${sub}"`);
    const seen = wanted.get(top);
    if (seen === 'all') continue;
    wanted.set(top, new Set([...(seen ?? []), sub]));
  }
  // The RFC's order, whatever order the names came in.
  return attributes
    .filter((a) => wanted.has(a.name))
    .map((a) => {
      const keep = wanted.get(a.name);
      if (keep === 'all' || !a.subAttributes) return a;
      return { ...a, subAttributes: a.subAttributes.filter((s) => keep?.has(s.name)) };
    });
}

/**
 * The User schema of one connection: only the attributes its vendor can
 * hold, so `/Schemas` never claims what the vendor cannot store. An
 * enterprise list that is absent or empty drops the extension.
 * @throws Error for a name RFC 7643 does not define (a programming error).
 */
export function scimUserSchema(selection: ScimUserSchemaSelection): ScimUserSchema {
  const core = pick(SCIM_CORE_USER_ATTRIBUTES, selection.core, 'core User');
  const enterprise = pick(
    SCIM_ENTERPRISE_USER_ATTRIBUTES,
    selection.enterprise ?? [],
    'enterprise User',
  );
  return {
    core: { ...SCIM_CORE_USER_SCHEMA, attributes: core },
    extensions:
      enterprise.length > 0
        ? [{ ...SCIM_ENTERPRISE_USER_SCHEMA_DEFINITION, attributes: enterprise }]
        : [],
  };
}
