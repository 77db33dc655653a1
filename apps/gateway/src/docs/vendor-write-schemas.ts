import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import {
  VendorAdapter,
  WRITE_OPERATIONS,
  WritableField,
  WriteOperation,
  WriteOperationRules,
} from '@userbridge/vendor-core';

/** The request bodies the users controller refers to by name; filled in from the adapters. */
export const WRITE_BODIES: Record<WriteOperation, string> = {
  create: 'CreateUserBody',
  replace: 'ReplaceUserBody',
  patch: 'PatchUserBody',
};
export const VENDOR_NAME_SCHEMA = 'VendorName';
/** The generated schema of every canonical field a caller may write (UserWriteDto). */
export const WRITABLE_FIELDS_SCHEMA = 'UserWriteDto';

export const schemaRef = (name: string): ReferenceObject => ({
  $ref: `#/components/schemas/${name}`,
});

const pascal = (text: string): string =>
  text
    .split(/[^a-zA-Z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');

function requirementsOf(
  rules: WriteOperationRules,
  fields: Record<string, SchemaObject | ReferenceObject>,
): Pick<SchemaObject, 'required' | 'allOf'> {
  const plain = rules.required.filter((entry): entry is WritableField => typeof entry === 'string');
  const alternatives = rules.required.filter(
    (entry): entry is readonly WritableField[] => typeof entry !== 'string',
  );
  return {
    ...(plain.length > 0 ? { required: plain } : {}),
    ...(alternatives.length > 0
      ? {
          allOf: alternatives.map((names) => ({
            anyOf: names.map((name) => ({
              required: [name],
              properties: { [name]: fields[name] },
            })),
          })),
        }
      : {}),
  };
}

function describeRules(adapter: VendorAdapter, rules: WriteOperationRules): string {
  const alternatives = rules.required
    .filter((entry) => typeof entry !== 'string')
    .map((fields) => `at least one of ${(fields as readonly string[]).join(', ')}`);
  const refused = Object.entries(rules.refused).map(([field, why]) => `\`${field}\` (${why})`);
  return [
    `The rules of ${adapter.displayName}, checked before any vendor call.`,
    alternatives.length > 0 ? `Also required: ${alternatives.join('; ')}.` : '',
    rules.notes ?? '',
    refused.length > 0 ? `Refused here: ${refused.join('; ')}.` : '',
  ]
    .filter((part) => part.length > 0)
    .join(' ');
}

/** Canonical user fields a read answers that a write may also set (so they may repeat a read). */
const READ_AND_WRITTEN = new Set([
  'email',
  'username',
  'firstName',
  'lastName',
  'displayName',
  'phone',
  'role',
  'status',
  'timezone',
  'language',
  'groups',
  'externalId',
  'permissions',
]);

const READ_ONLY_NOTE =
  'Read-only: accepted so a user read can be sent back as it is, ignored, and named in `x-userbridge-ignored-fields`.';

/**
 * The read-only fields of a user as read, accepted on a replace or patch:
 * the identifying ones must name the user in the path, the others are ignored.
 */
export const READ_ONLY_PROPERTIES: Record<string, SchemaObject> = {
  id: { type: 'string', description: 'Read-only: when given, must be the id in the path.' },
  connection: {
    type: 'string',
    description: 'Read-only: when given, must be the connection of the id in the path.',
  },
  vendor: {
    type: 'string',
    description: 'Read-only: when given, must be the vendor of the id in the path.',
  },
  vendorId: {
    type: 'string',
    description: 'Read-only: when given, must be the vendor id in the path.',
  },
  vendorRole: { type: 'string', nullable: true, description: READ_ONLY_NOTE },
  createdAt: { type: 'string', nullable: true, description: READ_ONLY_NOTE },
  updatedAt: { type: 'string', nullable: true, description: READ_ONLY_NOTE },
  lastLoginAt: { type: 'string', nullable: true, description: READ_ONLY_NOTE },
  vendorData: { type: 'object', description: READ_ONLY_NOTE },
  deletedAt: { type: 'string', nullable: true, description: READ_ONLY_NOTE },
  firstSeenAt: { type: 'string', description: READ_ONLY_NOTE },
  lastSeenAt: { type: 'string', description: READ_ONLY_NOTE },
};

/** A field the vendor cannot take, listed on a replace or patch because a read answers it. */
function asRead(schema: SchemaObject | ReferenceObject, why: string): SchemaObject {
  return {
    ...('$ref' in schema ? { allOf: [schema] } : schema),
    nullable: true,
    description: `Accepted only with the value as read (null where the vendor holds none): ${why}`,
  };
}

function vendorSchema(
  adapter: VendorAdapter,
  operation: WriteOperation,
  rules: WriteOperationRules,
  fields: Record<string, SchemaObject | ReferenceObject>,
): SchemaObject {
  const update = operation !== 'create';
  const properties: Record<string, SchemaObject | ReferenceObject> = Object.fromEntries(
    Object.entries(fields).flatMap(([field, schema]) => {
      const why = rules.refused[field as WritableField];
      if (why === undefined) {
        // On an update, email and username may be null as a read gives them.
        const nullable = update && (field === 'email' || field === 'username');
        return [[field, nullable && !('$ref' in schema) ? { ...schema, nullable: true } : schema]];
      }
      return update && READ_AND_WRITTEN.has(field) ? [[field, asRead(schema, why)]] : [];
    }),
  );
  if (update) Object.assign(properties, READ_ONLY_PROPERTIES);
  const { required = [], allOf } = requirementsOf(rules, properties);
  const withVendor = operation === 'create';
  return {
    type: 'object',
    title: `${adapter.displayName} ${operation}`,
    description: describeRules(adapter, rules),
    properties: withVendor
      ? {
          vendor: { type: 'string', enum: [adapter.vendor] },
          connection: {
            type: 'string',
            pattern: '^[a-z][a-z0-9-]{0,31}$',
            description: `The ${adapter.vendor} connection to create the user in; needed when several connections have this vendor`,
          },
          ...properties,
        }
      : properties,
    ...(withVendor
      ? { required: ['vendor', ...required] }
      : required.length > 0
        ? { required }
        : {}),
    ...(allOf ? { allOf } : {}),
    // A replace or patch with nothing to change is refused.
    ...(withVendor ? {} : { minProperties: 1 }),
    additionalProperties: false,
  };
}

/**
 * Describes each write body per configured vendor, from the rules the vendor's
 * adapter publishes (and its write mapper enforces): a create body is a oneOf
 * discriminated by `vendor`; a replace or patch body follows the vendor in the
 * id, so it is any one of the vendors' shapes. Also names the configured
 * vendors as an enum, and sets each vendor's example on the operations.
 */
export function describeVendorWrites(document: OpenAPIObject, connections: VendorAdapter[]): void {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = schemas;
  // Write rules are the vendor's, whatever the connection: one shape per vendor kind.
  const adapters = connections.filter(
    (adapter, i) => connections.findIndex((other) => other.vendor === adapter.vendor) === i,
  );
  schemas[VENDOR_NAME_SCHEMA] = {
    type: 'string',
    enum: adapters.map((adapter) => adapter.vendor),
    description: 'A configured vendor kind, as listed by GET /v1/connections (`vendor`)',
  };

  const fieldsSchema = schemas[WRITABLE_FIELDS_SCHEMA] as SchemaObject | undefined;
  const fields = fieldsSchema?.properties ?? {};
  delete schemas[WRITABLE_FIELDS_SCHEMA];

  const examples: Partial<Record<string, Record<string, { summary: string; value: unknown }>>> = {};
  for (const operation of WRITE_OPERATIONS) {
    const variants = adapters.flatMap((adapter) => {
      const rules = adapter.writeRules?.[operation];
      return rules && adapter.capabilities.includes(operation) ? [{ adapter, rules }] : [];
    });
    const names = variants.map(
      ({ adapter }) => `${pascal(adapter.vendor)}${pascal(operation)}UserBody`,
    );
    variants.forEach(({ adapter, rules }, i) => {
      schemas[names[i]] = vendorSchema(adapter, operation, rules, fields);
    });
    const refs = names.map(schemaRef);
    const body = WRITE_BODIES[operation];
    if (operation === 'create') {
      schemas[body] = {
        description: 'A new user at the vendor named in `vendor`, following that vendor’s rules',
        oneOf: refs,
        discriminator: {
          propertyName: 'vendor',
          mapping: Object.fromEntries(
            variants.map(({ adapter }, i) => [adapter.vendor, refs[i].$ref]),
          ),
        },
      };
    } else if (variants.length === 0) {
      schemas[body] = {
        type: 'object',
        description: `No configured vendor offers ${operation}: every such call answers 405`,
      };
    } else {
      schemas[body] = {
        description: `The vendor in the id decides which shape applies (only vendors offering ${operation} are listed)`,
        anyOf: refs,
      };
    }
    examples[body] = Object.fromEntries(
      variants.map(({ adapter, rules }) => [
        adapter.vendor,
        {
          summary: `${adapter.displayName}: ${rules.required.length > 0 ? 'the required fields and more' : 'a change'}`,
          value:
            operation === 'create' ? { vendor: adapter.vendor, ...rules.example } : rules.example,
        },
      ]),
    );
  }

  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      const content = (
        operation as {
          requestBody?: { content?: Record<string, { schema?: unknown; examples?: unknown }> };
        }
      ).requestBody?.content?.['application/json'];
      const ref = (content?.schema as ReferenceObject | undefined)?.$ref;
      const name = ref?.replace('#/components/schemas/', '');
      if (content && name && examples[name]) content.examples = examples[name];
    }
  }
}

/** Every `vendor` query parameter takes the configured vendors' names. */
export function enumerateVendorParameters(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      const parameters = (operation as { parameters?: unknown[] }).parameters ?? [];
      for (const parameter of parameters as {
        name?: string;
        in?: string;
        schema?: SchemaObject | ReferenceObject;
      }[]) {
        if (parameter.in !== 'query' || parameter.name !== 'vendor' || !parameter.schema) continue;
        if ('type' in parameter.schema && parameter.schema.type === 'array')
          parameter.schema = { ...parameter.schema, items: schemaRef(VENDOR_NAME_SCHEMA) };
        else parameter.schema = schemaRef(VENDOR_NAME_SCHEMA);
      }
    }
  }
}
