/** RFC 7643 §7: how one attribute is defined in a `/Schemas` resource. */
export type ScimAttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';

export type ScimMutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type ScimReturned = 'always' | 'never' | 'default' | 'request';
export type ScimUniqueness = 'none' | 'server' | 'global';

export interface ScimAttributeDefinition {
  name: string;
  type: ScimAttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: ScimMutability;
  returned: ScimReturned;
  uniqueness: ScimUniqueness;
  canonicalValues?: readonly string[];
  referenceTypes?: readonly string[];
  subAttributes?: readonly ScimAttributeDefinition[];
}

/** One schema (core User, or an extension) as `/Schemas/<urn>` serves it. */
export interface ScimSchemaDefinition {
  /** The schema URN. */
  id: string;
  name: string;
  description: string;
  attributes: readonly ScimAttributeDefinition[];
}

/**
 * The User resource as one connection serves it: the core schema and the
 * extensions, each holding only the attributes that connection's vendor can
 * hold (see `scimUserSchema`). The common attributes (`id`, `externalId`,
 * `meta`) are always there (RFC 7643 §3.1) and are not listed in `core`.
 */
export interface ScimUserSchema {
  core: ScimSchemaDefinition;
  extensions: readonly ScimSchemaDefinition[];
}
