import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportOpenApiDocument } from '../apps/gateway/src/docs/openapi-document';
import { startStack, Stack, WRITE_KEY } from './support/stack';

/**
 * The committed openapi.json is exactly what the code produces (CI fails
 * otherwise: regenerate with `npm run lint:api`), the running gateway serves
 * the same document, and the points a client relies on hold.
 */
const committed = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8'));

describe('OpenAPI document (e2e)', () => {
  jest.setTimeout(60_000);
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('is the committed openapi.json, both exported from the module and served at /docs-json', async () => {
    expect(await exportOpenApiDocument(stack.directory)).toEqual(committed);
    const served = await stack.call('GET', '/docs-json', { key: null });
    expect(served.status).toBe(200);
    expect(served.body).toEqual(committed);
  });

  it('gives every operation a summary, a description, declared tags and an example of each answer', () => {
    const declared = committed.tags.map((tag: { name: string }) => tag.name);
    for (const [path, operations] of Object.entries<any>(committed.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect({ where, summary: operation.summary.length > 0 }).toEqual({ where, summary: true });
        expect({ where, description: operation.description.length > 0 }).toEqual({
          where,
          description: true,
        });
        for (const tag of operation.tags) expect(declared).toContain(tag);
        for (const [status, response] of Object.entries<any>(operation.responses)) {
          expect({ where, status, described: response.description.length > 0 }).toEqual({
            where,
            status,
            described: true,
          });
          expect(response.headers['x-request-id']).toBeDefined();
          for (const [type, media] of Object.entries<any>(response.content ?? {}))
            expect({
              where,
              status,
              type,
              example: (media.example ?? media.examples) != null,
            }).toEqual({ where, status, type, example: true });
        }
      }
    }
  });

  it('makes limit optional, an integer with its default', () => {
    for (const path of ['/v1/users', '/v1/identities']) {
      const limit = committed.paths[path].get.parameters.find((p: any) => p.name === 'limit');
      expect(limit.required).toBe(false);
      expect(limit.schema).toMatchObject({ type: 'integer', default: 50, minimum: 1 });
    }
    const listings = Object.entries(committed.paths).filter(([, item]: [string, any]) =>
      item.get?.parameters?.some((p: any) => p.name === 'limit'),
    );
    expect(listings.length).toBeGreaterThanOrEqual(8);
    for (const [path, item] of listings as [string, any][]) {
      const limit = item.get.parameters.find((p: any) => p.name === 'limit');
      expect({ path, required: limit.required }).toEqual({ path, required: false });
      expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1 });
      expect(limit.schema.default).toBeLessThanOrEqual(limit.schema.maximum);
    }
  });

  it('shows /health and /ready without a key, with schemas for each answer', () => {
    expect(committed.paths['/health'].get.security).toEqual([]);
    expect(committed.paths['/ready'].get.security).toEqual([]);
    expect(committed.paths['/v1/users'].get.security).toBeUndefined();
    expect(committed.security).toEqual([{ bearer: [] }, { 'api-key': [] }]);
    for (const status of ['200', '503'])
      expect(
        committed.paths['/ready'].get.responses[status].content['application/json'].schema,
      ).toEqual({ $ref: '#/components/schemas/ReadinessResponse' });
    expect(committed.components.securitySchemes.bearer.bearerFormat).toBeUndefined();
  });

  it('documents both 502 codes and JSON-only errors on the CSV endpoint', () => {
    const bad = committed.paths['/v1/users/{id}'].get.responses['502'];
    const codes = Object.values(bad.content['application/json'].examples).map(
      (example: any) => example.value.error.code,
    );
    expect(codes.sort()).toEqual(['vendor_auth_failed', 'vendor_error']);
    const identities = committed.paths['/v1/identities'].get.responses;
    expect(identities['200'].content['text/csv'].schema).toMatchObject({ type: 'string' });
    for (const status of ['400', '401', '429'])
      expect(Object.keys(identities[status].content)).toEqual(['application/json']);
  });

  it('describes each vendor create body with its own required fields and the configured vendors', async () => {
    const create = committed.components.schemas.CreateUserBody;
    expect(create.discriminator.propertyName).toBe('vendor');
    const configured = (await stack.call('GET', '/v1/vendors')).body.data.map(
      (vendor: { name: string }) => vendor.name,
    );
    expect(committed.components.schemas.VendorName.enum).toEqual(configured);
    expect(Object.keys(create.discriminator.mapping)).toEqual(configured);
    for (const ref of create.oneOf) {
      const schema = committed.components.schemas[ref.$ref.split('/').pop()];
      expect(schema.required[0]).toBe('vendor');
      expect(schema.required.length).toBeGreaterThan(1);
      expect(schema.additionalProperties).toBe(false);
    }
  });

  it('documents headers that the gateway really sends', async () => {
    const list = await stack.call('GET', '/v1/users?limit=1');
    const documented = Object.keys(committed.paths['/v1/users'].get.responses['200'].headers);
    for (const header of documented) expect(list.headers.get(header)).not.toBeNull();

    const body = { vendor: 'convirza', email: 'doc.check@example.com' };
    const refused = await stack.call('POST', '/v1/users', { key: WRITE_KEY, body });
    expect(refused.status).toBe(400);
    const required: string[] = committed.components.schemas.ConvirzaCreateUserBody.required;
    const named = refused.body.error.details.fields.map((f: { field: string }) => f.field);
    for (const field of required.filter((f) => !(f in body))) expect(named).toContain(field);
  });
});
