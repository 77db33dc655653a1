import { createUserbridgeClient } from '../clients/typescript/src';
import { READ_KEY, startStack, Stack, WRITE_KEY } from './support/stack';

/** The generated client against the running gateway: the contract and the client tested together. */
describe('TypeScript client (e2e)', () => {
  jest.setTimeout(60_000);
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('reads a page of users without a limit, then one of them', async () => {
    const client = createUserbridgeClient({ baseUrl: stack.url, apiKey: READ_KEY });
    const page = await client.GET('/v1/users', { params: { query: { vendor: ['credira'] } } });
    expect(page.response.status).toBe(200);
    expect(page.data?.data.length).toBe(50);
    expect(page.data?.data.every((user) => user.vendor === 'credira')).toBe(true);

    const first = page.data!.data[0];
    const one = await client.GET('/v1/users/{id}', { params: { path: { id: first.id } } });
    expect(one.data).toMatchObject({ id: first.id, email: first.email });
  });

  it('creates a user at a vendor with its required fields, and surfaces a refused write as an error', async () => {
    const client = createUserbridgeClient({ baseUrl: stack.url, apiKey: WRITE_KEY });
    const created = await client.POST('/v1/users', {
      body: {
        vendor: 'credira',
        email: 'client.e2e@example.com',
        displayName: 'Client Check',
        company: 'Acme Corporation',
        role: 'member',
      },
      headers: { 'Idempotency-Key': 'client-e2e-1' },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({
      vendor: 'credira',
      email: 'client.e2e@example.com',
      displayName: 'Client Check',
    });

    const reader = createUserbridgeClient({ baseUrl: stack.url, apiKey: READ_KEY });
    const refused = await reader.POST('/v1/users', {
      body: { vendor: 'credira', email: 'x@example.com', displayName: 'X', company: 'Acme' },
    });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.error.code).toBe('forbidden');
    expect(refused.response.headers.get('x-request-id')).toBe(refused.error?.error.requestId);
  });

  it('reads the identities summary and a filtered page of identities', async () => {
    const client = createUserbridgeClient({ baseUrl: stack.url, apiKey: READ_KEY });
    const summary = await client.GET('/v1/identities/summary');
    expect(summary.response.status).toBe(200);
    expect(Number.isInteger(summary.data?.users)).toBe(true);
    expect(summary.data?.vendorsFailed).toEqual([]);

    const gaps = await client.GET('/v1/identities', {
      params: { query: { conflict: 'status_mismatch', limit: 5 } },
    });
    expect(gaps.response.status).toBe(200);
    expect(gaps.data?.data.length).toBeGreaterThan(0);
    for (const identity of gaps.data!.data)
      expect(identity.conflicts.map((c) => c.type)).toContain('status_mismatch');

    const csv = await client.GET('/v1/identities', {
      params: { query: { conflict: 'status_mismatch', format: 'csv' } },
      parseAs: 'text',
    });
    expect(csv.response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(String(csv.data)).toMatch(/^identity_id,display_name,/);
  });
});
