import type { OpenAPIObject } from '@nestjs/swagger';
import { VendorAdapter, withOffsetPages } from '@userbridge/vendor-core';
import { describeVendorWrites, enumerateVendorParameters } from './vendor-write-schemas';

const FIELDS = {
  email: { type: 'string', format: 'email' },
  username: { type: 'string' },
  orgUnitId: { type: 'integer' },
  groups: { type: 'array', items: { type: 'string' } },
  status: { type: 'string' },
};

function adapter(name: string, writes: Partial<VendorAdapter>): VendorAdapter {
  return withOffsetPages<Omit<VendorAdapter, 'pages'>>({
    name,
    vendor: name,
    displayName: name.toUpperCase(),
    idFormat: 'digits',
    isValidId: () => true,
    get: () => Promise.reject(new Error('unused')),
    list: () => Promise.reject(new Error('unused')),
    probe: () => Promise.resolve(),
    capabilities: ['get', 'list', 'create', 'replace'],
    ...writes,
  });
}

function documentWith(): OpenAPIObject {
  const body = (name: string) => ({
    requestBody: {
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
    },
    responses: {},
  });
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/v1/users': {
        post: body('CreateUserBody'),
        get: {
          parameters: [
            { name: 'vendor', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
          ],
          responses: {},
        },
      },
      '/v1/users/{id}': { put: body('ReplaceUserBody'), patch: body('PatchUserBody') },
    },
    components: { schemas: { UserWriteDto: { type: 'object', properties: FIELDS } } },
  } as unknown as OpenAPIObject;
}

describe('describeVendorWrites', () => {
  const alpha = adapter('alpha', {
    writeRules: {
      create: {
        required: ['email', ['orgUnitId', 'groups']],
        refused: { username: 'alpha has no usernames' },
        example: { email: 'a@example.com', orgUnitId: 1 },
      },
      replace: { required: [], refused: {}, example: { status: 'inactive' } },
    },
  });
  const beta = adapter('beta-desk', {
    capabilities: ['get', 'list', 'create'],
    writeRules: {
      create: { required: ['username'], refused: {}, example: { username: 'b' } },
      replace: { required: [], refused: {}, example: { status: 'active' } },
    },
  });
  const document = documentWith();
  describeVendorWrites(document, [alpha, beta]);
  enumerateVendorParameters(document);
  const schemas = document.components!.schemas as Record<string, any>;

  it('builds a create oneOf discriminated by vendor, one schema per vendor', () => {
    expect(schemas.CreateUserBody.discriminator).toEqual({
      propertyName: 'vendor',
      mapping: {
        alpha: '#/components/schemas/AlphaCreateUserBody',
        'beta-desk': '#/components/schemas/BetaDeskCreateUserBody',
      },
    });
    expect(schemas.AlphaCreateUserBody.properties.vendor).toEqual({
      type: 'string',
      enum: ['alpha'],
    });
  });

  it("takes each vendor's required fields, alternatives as anyOf, and leaves refused fields out", () => {
    const alphaCreate = schemas.AlphaCreateUserBody;
    expect(alphaCreate.required).toEqual(['vendor', 'email']);
    expect(alphaCreate.allOf).toEqual([
      {
        anyOf: [
          { required: ['orgUnitId'], properties: { orgUnitId: FIELDS.orgUnitId } },
          { required: ['groups'], properties: { groups: FIELDS.groups } },
        ],
      },
    ]);
    expect(alphaCreate.properties.username).toBeUndefined();
    expect(alphaCreate.additionalProperties).toBe(false);
    expect(alphaCreate.description).toContain('alpha has no usernames');
  });

  it('lists only vendors offering an operation, and an update needs at least one field', () => {
    expect(schemas.ReplaceUserBody.anyOf).toEqual([
      { $ref: '#/components/schemas/AlphaReplaceUserBody' },
    ]);
    expect(schemas.AlphaReplaceUserBody.minProperties).toBe(1);
    expect(schemas.AlphaReplaceUserBody.required).toBeUndefined();
    expect(schemas.PatchUserBody).toEqual({
      type: 'object',
      description: 'No configured vendor offers patch: every such call answers 405',
    });
    expect(schemas.UserWriteDto).toBeUndefined();
  });

  it("sets each vendor's example on the operation, and names the configured vendors", () => {
    const content = (document.paths['/v1/users'].post as any).requestBody.content[
      'application/json'
    ];
    expect(content.examples.alpha.value).toEqual({
      vendor: 'alpha',
      email: 'a@example.com',
      orgUnitId: 1,
    });
    expect(schemas.VendorName.enum).toEqual(['alpha', 'beta-desk']);
    const vendor = (document.paths['/v1/users'].get as any).parameters[0];
    expect(vendor.schema.items).toEqual({ $ref: '#/components/schemas/VendorName' });
  });
});
