import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSandbox } from '../apps/vendor-sandbox/src';
import { until } from './support/poll';
import { Answer, READ_KEY, SCIM_KEY, Stack, startStack, WRITE_KEY } from './support/stack';

/**
 * The SCIM 2.0 service provider, driven as Okta and Entra ID drive it, over
 * loopback HTTP against the vendor sandbox: one stack, five connections of a
 * configuration file (two desk tenants, Convirza with and without SCIM
 * defaults, Credira deleting at the vendor).
 */
const OKTA_DESK_KEY = 'okta-desk-scim-key-0123456789';
const ENTRA_EU_KEY = 'entra-desk-eu-scim-key-0123456789';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const dir = mkdtempSync(join(tmpdir(), 'userbridge-scim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(sandbox: RunningSandbox): string {
  const eu = sandbox.tenant('desk-eu');
  const path = join(dir, 'userbridge.yaml');
  writeFileSync(
    path,
    `connections:
  - name: convirza
    vendor: convirza
    baseUrl: ${sandbox.url}/convirza/v3
    credentials: { token: sandbox-convirza-token }
    options: { scim: { defaultOrgUnitId: 1001 } }
  - name: convirza-b
    vendor: convirza
    baseUrl: ${sandbox.url}/convirza/v3
    credentials: { token: sandbox-convirza-token }
  - { name: desk, vendor: desk, baseUrl: ${sandbox.url}/desk/api, credentials: { username: sandbox-desk, password: sandbox-desk-password } }
  - { name: desk-eu, vendor: desk, baseUrl: ${eu.baseUrl}, credentials: { username: ${eu.username}, password: ${eu.password} } }
  - name: credira
    vendor: credira
    baseUrl: ${sandbox.url}/credira/v1
    credentials: { apiKey: sandbox-credira-key }
    options: { scim: { defaultCompany: Acme Corporation, deleteAtVendor: true } }
apiKeys:
  - { label: okta-desk, key: ${OKTA_DESK_KEY}, scopes: [scim], connections: [desk] }
  - { label: entra-desk-eu, key: ${ENTRA_EU_KEY}, scopes: [scim], connections: [desk-eu] }
`,
  );
  return path;
}

describe('SCIM 2.0 (e2e)', () => {
  jest.setTimeout(240_000);
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      vendorEnv: false,
      env: (sandbox) => ({
        USERBRIDGE_CONFIG: configFile(sandbox),
        SCIM_FIRST_SYNC_WAIT_MS: '20000',
        SCIM_DEFAULT_COUNT: '50',
        SCIM_MAX_COUNT: '100',
        VENDOR_MAX_RETRIES: '0',
        VENDOR_TIMEOUT_MS: '5000',
        VENDOR_RETRY_AFTER_CAP_MS: '0',
      }),
    });
  });
  afterAll(async () => stack?.close());

  /** A call as an IdP sends it: SCIM media type, a Bearer key. */
  function scim(
    method: string,
    path: string,
    options: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    return stack.call(method, `/scim/v2${path}`, {
      key: options.key === undefined ? SCIM_KEY : options.key,
      ...(options.body === undefined ? {} : { rawBody: JSON.stringify(options.body) }),
      headers: {
        accept: 'application/scim+json',
        ...(options.body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        ...options.headers,
      },
    });
  }

  function expectScimError(answer: Answer, status: number, scimType?: string): string {
    expect({ status: answer.status, body: answer.body }).toMatchObject({
      status,
      body: { schemas: [ERROR], status: String(status) },
    });
    expect(answer.body.scimType).toBe(scimType);
    expect(typeof answer.body.detail).toBe('string');
    expect(answer.headers.get('content-type')).toContain('application/scim+json');
    return answer.body.detail;
  }

  const filter = (text: string) => `filter=${encodeURIComponent(text)}`;

  const oktaUser = (userName: string, more: Record<string, unknown> = {}) => ({
    schemas: [USER],
    userName,
    name: { givenName: 'Olivia', familyName: 'Okta' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: 'Olivia Okta',
    active: true,
    password: 'Okta-sent-Pa55word!',
    ...more,
  });

  it("answers Entra's Test Connection on a fresh gateway: a random userName filter is 200 with no users", async () => {
    // Nothing has synced convirza yet: the first SCIM request syncs it and waits.
    const answer = await scim('GET', `/convirza/Users?${filter(`userName eq "${randomUUID()}"`)}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/scim+json');
    expect(answer.body).toEqual({
      schemas: [LIST],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it('answers 503 with Retry-After while a first sync cannot finish, then serves once it can', async () => {
    stack.sandbox.setFault('credira', { mode: '500' });
    const refused = await scim('GET', '/credira/Users?count=1');
    expectScimError(refused, 503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    stack.sandbox.clearFaults();
    const served = await until(
      'the credira SCIM list',
      () => scim('GET', '/credira/Users?count=1'),
      (answer) => answer.status === 200,
    );
    expect(served.body.totalResults).toBeGreaterThan(0);
    expect(served.body.Resources).toHaveLength(1);
  });

  it('authenticates a SCIM key of THAT connection only, answering 401 in the SCIM shape otherwise', async () => {
    expectScimError(await scim('GET', '/desk/Users', { key: null }), 401);
    expectScimError(await scim('GET', '/desk/Users', { key: 'not-a-key-of-this-gateway' }), 401);
    // A REST key, and another connection's SCIM key.
    expectScimError(await scim('GET', '/desk/Users', { key: READ_KEY }), 401);
    expectScimError(await scim('GET', '/desk/Users', { key: ENTRA_EU_KEY }), 401);
    expectScimError(
      await scim('GET', '/desk-eu/ServiceProviderConfig', { key: OKTA_DESK_KEY }),
      401,
    );
    expect((await scim('GET', '/desk/ServiceProviderConfig', { key: OKTA_DESK_KEY })).status).toBe(
      200,
    );
    // A SCIM key is no REST key.
    expect((await stack.call('GET', '/v1/users', { key: OKTA_DESK_KEY })).status).toBe(403);
    expectScimError(await scim('GET', '/nowhere/Users'), 404);
  });

  it('describes each connection truthfully: ServiceProviderConfig, ResourceTypes, Schemas', async () => {
    const config = await scim('GET', '/desk/ServiceProviderConfig', { key: OKTA_DESK_KEY });
    expect(config.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 100 },
      sort: { supported: false },
      etag: { supported: true },
      changePassword: { supported: true },
    });
    expect((await scim('GET', '/convirza/ServiceProviderConfig')).body.changePassword).toEqual({
      supported: false,
    });

    const types = await scim('GET', '/credira/ResourceTypes');
    expect(types.body.Resources[0]).toMatchObject({
      id: 'User',
      endpoint: '/Users',
      schema: USER,
      schemaExtensions: [{ schema: ENTERPRISE, required: false }],
    });
    expect(
      (await scim('GET', '/desk/ResourceTypes/User', { key: OKTA_DESK_KEY })).body,
    ).toMatchObject({ endpoint: '/Users', schemaExtensions: [] });

    const names = async (connection: string, key = SCIM_KEY) => {
      const answer = await scim('GET', `/${connection}/Schemas`, { key });
      expect(answer.text).toContain('User Account');
      return Object.fromEntries(
        answer.body.Resources.map((schema: any) => [
          schema.id,
          schema.attributes.map((attribute: any) => attribute.name),
        ]),
      );
    };
    const desk = await names('desk', OKTA_DESK_KEY);
    expect(desk[USER]).toEqual(
      expect.arrayContaining(['userName', 'name', 'emails', 'active', 'password']),
    );
    for (const absent of ['phoneNumbers', 'timezone', 'title', 'addresses'])
      expect(desk[USER]).not.toContain(absent);
    expect(desk[ENTERPRISE]).toBeUndefined();
    const convirza = await names('convirza');
    expect(convirza[USER]).toEqual(expect.arrayContaining(['phoneNumbers', 'timezone']));
    expect(convirza[USER]).not.toContain('preferredLanguage');
    expect(convirza[USER]).not.toContain('password');
    const credira = await names('credira');
    expect(credira[ENTERPRISE]).toEqual(['organization']);

    const one = await scim('GET', `/credira/Schemas/${ENTERPRISE}`);
    expect(one.status).toBe(200);
    expect(one.body.id).toBe(ENTERPRISE);
    expectScimError(await scim('GET', `/desk/Schemas/${ENTERPRISE}`, { key: OKTA_DESK_KEY }), 404);
    // Discovery refuses filters (403) and writes (405).
    expectScimError(
      await scim('GET', `/desk/Schemas?${filter('id pr')}`, { key: OKTA_DESK_KEY }),
      403,
    );
    expectScimError(
      await scim('POST', '/desk/Schemas', { key: OKTA_DESK_KEY, body: { schemas: [USER] } }),
      405,
    );
    expectScimError(
      await scim('DELETE', '/desk/ServiceProviderConfig', { key: OKTA_DESK_KEY }),
      405,
    );
  });

  describe('the life cycle as Okta drives it (desk: emulated PATCH, DELETE deactivates)', () => {
    const userName = `olivia.okta.${Date.now()}@example.com`;
    let id: string;
    let version: string;

    it('creates: POST is 201 with Location, ETag and the user as read back, never the password', async () => {
      const before = await scim('GET', `/desk/Users?${filter(`userName eq "${userName}"`)}`, {
        key: OKTA_DESK_KEY,
      });
      expect(before.body.totalResults).toBe(0);
      const created = await scim('POST', '/desk/Users', {
        key: OKTA_DESK_KEY,
        body: oktaUser(userName),
      });
      expect(created.status).toBe(201);
      id = created.body.id;
      version = created.body.meta.version;
      expect(created.body).toMatchObject({
        schemas: [USER],
        userName,
        name: { givenName: 'Olivia', familyName: 'Okta' },
        emails: [{ value: userName, primary: true }],
        active: true,
        meta: { resourceType: 'User', version: expect.stringMatching(/^W\/".+"$/) },
      });
      expect(created.headers.get('location')).toBe(created.body.meta.location);
      expect(created.body.meta.location).toMatch(new RegExp(`/scim/v2/desk/Users/${id}$`));
      expect(created.headers.get('etag')).toBe(version);
      expect(created.text).not.toContain('Okta-sent-Pa55word!');
      expect(created.text).not.toContain('password');
      expect(stack.logs.join('\n')).not.toContain('Okta-sent-Pa55word!');
    });

    it('reads it back by id and by an upper-cased userName filter; the same ETag', async () => {
      const one = await scim('GET', `/desk/Users/${id}`, { key: OKTA_DESK_KEY });
      expect(one.status).toBe(200);
      expect(one.headers.get('etag')).toBe(version);
      expect(one.body.meta.version).toBe(version);
      const upper = await scim(
        'GET',
        `/desk/Users?${filter(`userName eq "${userName.toUpperCase()}"`)}`,
        {
          key: OKTA_DESK_KEY,
        },
      );
      expect(upper.body.totalResults).toBe(1);
      expect(upper.body.Resources[0].id).toBe(id);
    });

    it('refuses a duplicate userName with 409 uniqueness and an unknown id with 404 and a detail', async () => {
      const duplicate = await scim('POST', '/desk/Users', {
        key: OKTA_DESK_KEY,
        body: oktaUser(userName.toUpperCase()),
      });
      expectScimError(duplicate, 409, 'uniqueness');
      const missing = await scim('GET', `/desk/Users/999999${Date.now() % 1000}`, {
        key: OKTA_DESK_KEY,
      });
      expect(expectScimError(missing, 404)).toMatch(/not found/);
      expectScimError(
        await scim('GET', `/desk/Users/${randomUUID()}`, { key: OKTA_DESK_KEY }),
        404,
      );
    });

    it('replaces with a GET-merge-PUT, honouring If-Match (412 when stale)', async () => {
      const read = await scim('GET', `/desk/Users/${id}`, { key: OKTA_DESK_KEY });
      const merged = { ...read.body, name: { ...read.body.name, givenName: 'Liv' } };
      const put = await scim('PUT', `/desk/Users/${id}`, {
        key: OKTA_DESK_KEY,
        body: merged,
        headers: { 'if-match': version },
      });
      expect(put.status).toBe(200);
      expect(put.body.name.givenName).toBe('Liv');
      expect(put.body.meta.version).not.toBe(version);
      const stale = await scim('PUT', `/desk/Users/${id}`, {
        key: OKTA_DESK_KEY,
        body: merged,
        headers: { 'if-match': version },
      });
      expectScimError(stale, 412);
      version = put.body.meta.version;
      // The same body again changes nothing: same version.
      const again = await scim('PUT', `/desk/Users/${id}`, { key: OKTA_DESK_KEY, body: merged });
      expect(again.body.meta.version).toBe(version);
    });

    it("deactivates with Okta's PATCH (no path, a value object) through the desk's read-modify-write", async () => {
      const patched = await scim('PATCH', `/desk/Users/${id}`, {
        key: OKTA_DESK_KEY,
        body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] },
        headers: { 'if-match': version },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.active).toBe(false);
      const live = await stack.call('GET', `/v1/users/desk:${id}`);
      expect(live.body.status).toBe('inactive');
      // The REST API's PATCH at the desk stays 405 (see docs/api.md, "SCIM 2.0").
      const rest = await stack.call('PATCH', `/v1/users/desk:${id}`, {
        key: WRITE_KEY,
        body: { firstName: 'Rest' },
      });
      expect(rest.status).toBe(405);
    });

    it('deletes: 204, then 404 for that id and absent from lists; the desk account is deactivated', async () => {
      const deleted = await scim('DELETE', `/desk/Users/${id}`, { key: OKTA_DESK_KEY });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expectScimError(await scim('GET', `/desk/Users/${id}`, { key: OKTA_DESK_KEY }), 404);
      expectScimError(await scim('DELETE', `/desk/Users/${id}`, { key: OKTA_DESK_KEY }), 404);
      expectScimError(
        await scim('PATCH', `/desk/Users/${id}`, {
          key: OKTA_DESK_KEY,
          body: {
            schemas: [PATCH_OP],
            Operations: [{ op: 'replace', path: 'active', value: true }],
          },
        }),
        404,
      );
      const listed = await scim('GET', `/desk/Users?${filter(`userName eq "${userName}"`)}`, {
        key: OKTA_DESK_KEY,
      });
      expect(listed.body.totalResults).toBe(0);
      expect((await stack.call('GET', `/v1/users/desk:${id}`)).body.status).toBe('inactive');
    });

    it('reactivates the same account when the tombstoned userName is POSTed again', async () => {
      const again = await scim('POST', '/desk/Users', {
        key: OKTA_DESK_KEY,
        body: oktaUser(userName),
      });
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(id);
      expect(again.body.active).toBe(true);
      expect((await scim('GET', `/desk/Users/${id}`, { key: OKTA_DESK_KEY })).status).toBe(200);
    });

    it('lets one of two concurrent POSTs of one userName win: one 201, one 409', async () => {
      const twin = `twin.${Date.now()}@example.com`;
      const answers = await Promise.all([
        scim('POST', '/desk/Users', { key: OKTA_DESK_KEY, body: oktaUser(twin) }),
        scim('POST', '/desk/Users', { key: OKTA_DESK_KEY, body: oktaUser(twin.toUpperCase()) }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)?.body.scimType).toBe('uniqueness');
    });
  });

  describe('the life cycle as Entra ID drives it (desk-eu: its own tenant, externalId in the directory)', () => {
    const externalId = randomUUID();
    const userName = `eve.entra.${Date.now()}@contoso.example`;
    let id: string;

    it('creates with an externalId the desk has no field for, echoed on every read and filterable', async () => {
      const created = await scim('POST', '/desk-eu/Users', {
        key: ENTRA_EU_KEY,
        body: {
          schemas: [USER, ENTERPRISE],
          externalId,
          userName,
          active: true,
          displayName: 'Eve Entra',
          emails: [{ primary: true, type: 'work', value: userName }],
          name: { formatted: 'Eve Entra', familyName: 'Entra', givenName: 'Eve' },
          [ENTERPRISE]: { department: 'Finance' },
        },
      });
      expect(created.status).toBe(201);
      id = created.body.id;
      expect(created.body.externalId).toBe(externalId);
      const byExternalId = await scim(
        'GET',
        `/desk-eu/Users?${filter(`externalId eq "${externalId}"`)}`,
        {
          key: ENTRA_EU_KEY,
        },
      );
      expect(byExternalId.body.totalResults).toBe(1);
      expect(byExternalId.body.Resources[0]).toMatchObject({ id, externalId, userName });
      // Entra's attribute-path form.
      const byEmail = await scim(
        'GET',
        `/desk-eu/Users?${filter(`emails[type eq "work"].value eq "${userName.toUpperCase()}"`)}`,
        { key: ENTRA_EU_KEY },
      );
      expect(byEmail.body.Resources.map((u: any) => u.id)).toEqual([id]);
      // The other tenant does not know this user.
      const elsewhere = await scim('GET', `/desk/Users?${filter(`userName eq "${userName}"`)}`, {
        key: OKTA_DESK_KEY,
      });
      expect(elsewhere.body.totalResults).toBe(0);
    });

    it('updates with Entra\'s PATCH dialect: capitalised ops, value paths, "False" strings', async () => {
      const renamed = await scim('PATCH', `/desk-eu/Users/${id}`, {
        key: ENTRA_EU_KEY,
        body: {
          schemas: [PATCH_OP],
          Operations: [
            { op: 'Replace', path: 'name.familyName', value: 'Entra-Smith' },
            { op: 'Replace', path: 'emails[type eq "work"].value', value: `new.${userName}` },
            { op: 'Add', path: 'externalId', value: externalId },
          ],
        },
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({
        name: { familyName: 'Entra-Smith' },
        emails: [{ value: `new.${userName}` }],
        externalId,
      });
      const off = await scim('PATCH', `/desk-eu/Users/${id}`, {
        key: ENTRA_EU_KEY,
        body: {
          schemas: [PATCH_OP],
          Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
        },
      });
      expect(off.body.active).toBe(false);
      const read = await scim('GET', `/desk-eu/Users/${id}`, { key: ENTRA_EU_KEY });
      expect(read.body).toMatchObject({ active: false, externalId });
    });

    it('refuses a PATCH that fails part-way as a whole (atomic), in the SCIM error shape', async () => {
      const before = await scim('GET', `/desk-eu/Users/${id}`, { key: ENTRA_EU_KEY });
      const refused = await scim('PATCH', `/desk-eu/Users/${id}`, {
        key: ENTRA_EU_KEY,
        body: {
          schemas: [PATCH_OP],
          Operations: [
            { op: 'Replace', path: 'name.givenName', value: 'Changed' },
            { op: 'Frobnicate', path: 'active', value: true },
          ],
        },
      });
      expectScimError(refused, 400, 'invalidSyntax');
      const after = await scim('GET', `/desk-eu/Users/${id}`, { key: ENTRA_EU_KEY });
      expect(after.body.meta.version).toBe(before.body.meta.version);
    });

    it('deletes (deactivate and tombstone): 412 with a stale If-Match, else 204 then 404', async () => {
      expectScimError(
        await scim('DELETE', `/desk-eu/Users/${id}`, {
          key: ENTRA_EU_KEY,
          headers: { 'if-match': 'W/"not-the-version"' },
        }),
        412,
      );
      expect((await scim('DELETE', `/desk-eu/Users/${id}`, { key: ENTRA_EU_KEY })).status).toBe(
        204,
      );
      expectScimError(await scim('GET', `/desk-eu/Users/${id}`, { key: ENTRA_EU_KEY }), 404);
    });
  });

  describe('Convirza and Credira', () => {
    it('keeps the externalId in the vendor field (Convirza user_ext_id), lists with filters and paging', async () => {
      const email = `carl.convirza.${Date.now()}@example.com`;
      const created = await scim('POST', '/convirza/Users', {
        body: {
          schemas: [USER],
          userName: email,
          externalId: 'IDP-CONV-1',
          name: { givenName: 'Carl', familyName: 'Convirza' },
          emails: [{ value: email, type: 'work', primary: true }],
          phoneNumbers: [{ value: '+14155550199', type: 'work' }],
          active: true,
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        externalId: 'IDP-CONV-1',
        phoneNumbers: [{ value: '+14155550199' }],
      });
      const live = await stack.call(
        'GET',
        `/v1/users/convirza:${created.body.id}?include=vendorData`,
      );
      expect(live.body.externalId).toBe('IDP-CONV-1');
      expect(live.body.vendorData.user_ext_id).toBe('IDP-CONV-1');

      const all = await scim('GET', '/convirza/Users?count=0');
      expect(all.body).toEqual({
        schemas: [LIST],
        totalResults: all.body.totalResults,
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });
      expect(all.body.totalResults).toBeGreaterThan(3);
      const page = await scim('GET', '/convirza/Users?startIndex=2&count=2');
      expect(page.body).toMatchObject({
        startIndex: 2,
        itemsPerPage: 2,
        totalResults: all.body.totalResults,
      });
      const first = await scim('GET', '/convirza/Users?startIndex=0&count=3');
      expect(first.body.startIndex).toBe(1);
      expect(first.body.Resources[1].id).toBe(page.body.Resources[0].id);
      expect((await scim('GET', '/convirza/Users?count=-4')).body.itemsPerPage).toBe(0);
      expect(
        (await scim('GET', '/convirza/Users?count=1000')).body.itemsPerPage,
      ).toBeLessThanOrEqual(100);

      const projected = await scim(
        'GET',
        `/convirza/Users?attributes=userName&${filter(`userName eq "${email}"`)}`,
      );
      expect(Object.keys(projected.body.Resources[0]).sort()).toEqual([
        'id',
        'schemas',
        'userName',
      ]);
      const pair = await scim('GET', `/convirza/Users?attributes=userName,emails&count=1`);
      expect(Object.keys(pair.body.Resources[0]).sort()).toEqual([
        'emails',
        'id',
        'schemas',
        'userName',
      ]);
      const excluded = await scim(
        'GET',
        `/convirza/Users/${created.body.id}?excludedAttributes=emails,phoneNumbers`,
      );
      expect(excluded.body.emails).toBeUndefined();
      expect(excluded.body.userName).toBe(email);

      expectScimError(
        await scim('GET', `/convirza/Users?${filter('nickName eq "x"')}`),
        400,
        'invalidFilter',
      );
      expectScimError(
        await scim('GET', `/convirza/Users?${filter('userName eq')}`),
        400,
        'invalidFilter',
      );
      expectScimError(
        await scim('GET', `/convirza/Users?${filter('id pr')}&${filter('id pr')}`),
        400,
        'invalidFilter',
      );

      // Entra disables first, and deletes later: DELETE by default deactivates at the vendor and tombstones.
      const disabled = await scim('PATCH', `/convirza/Users/${created.body.id}`, {
        body: {
          schemas: [PATCH_OP],
          Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
        },
      });
      expect(disabled.body.active).toBe(false);
      expect((await scim('DELETE', `/convirza/Users/${created.body.id}`)).status).toBe(204);
      expectScimError(await scim('GET', `/convirza/Users/${created.body.id}`), 404);
      expect((await stack.call('GET', `/v1/users/convirza:${created.body.id}`)).body.status).toBe(
        'inactive',
      );
    });

    it('needs options.scim.defaultOrgUnitId for a Convirza create: a 400 invalidValue naming it', async () => {
      const refused = await scim('POST', '/convirza-b/Users', {
        body: oktaUser(`no.org.unit.${Date.now()}@example.com`),
      });
      expect(expectScimError(refused, 400, 'invalidValue')).toContain(
        'options.scim.defaultOrgUnitId',
      );
    });

    it('maps the enterprise organization to the Credira company; DELETE deletes there when opted in', async () => {
      const email = `cora.credira.${Date.now()}@example.com`;
      const created = await scim('POST', '/credira/Users', {
        body: {
          schemas: [USER, ENTERPRISE],
          userName: email,
          displayName: 'Cora Credira',
          emails: [{ value: email, primary: true }],
          [ENTERPRISE]: { organization: 'Globex' },
        },
      });
      expect(created.status).toBe(201);
      expect(created.body[ENTERPRISE]).toEqual({ organization: 'Globex' });
      expect(created.body.phoneNumbers).toBeUndefined();
      // Entra's Replace through a value filter that matches nothing adds the value (our documented departure).
      const phoned = await scim('PATCH', `/credira/Users/${created.body.id}`, {
        body: {
          schemas: [PATCH_OP],
          Operations: [
            { op: 'Replace', path: 'phoneNumbers[type eq "work"].value', value: '+14155550111' },
          ],
        },
      });
      expect(phoned.status).toBe(200);
      expect(phoned.body.phoneNumbers).toEqual([
        { value: '+14155550111', type: 'work', primary: true },
      ]);
      expect((await scim('DELETE', `/credira/Users/${created.body.id}`)).status).toBe(204);
      expectScimError(await scim('GET', `/credira/Users/${created.body.id}`), 404);
      expect((await stack.call('GET', `/v1/users/credira:${created.body.id}`)).status).toBe(404);
    });

    it('answers a vendor failure as a SCIM error with its status, never a 500', async () => {
      stack.sandbox.setFault('convirza', { mode: '429', retryAfterSeconds: 7, method: 'POST' });
      const limited = await scim('POST', '/convirza/Users', {
        body: oktaUser(`rl.${Date.now()}@example.com`),
      });
      expectScimError(limited, 503);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      stack.sandbox.setFault('convirza', { mode: '500', method: 'POST' });
      const failed = await scim('POST', '/convirza/Users', {
        body: oktaUser(`f.${Date.now()}@example.com`),
      });
      expectScimError(failed, 502);
      stack.sandbox.clearFaults();
      expectScimError(
        await scim('POST', '/convirza/Users', {
          body: { schemas: [USER], userName: 'not-an-email' },
        }),
        400,
        'invalidValue',
      );
      const bad = await stack.call('POST', '/scim/v2/convirza/Users', {
        key: SCIM_KEY,
        rawBody: '{"userName": ',
        headers: { 'content-type': 'application/scim+json' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.schemas).toEqual([ERROR]);
    });
  });

  it('joins a user created through SCIM to the identity of the same person elsewhere', async () => {
    const created = await scim('POST', '/desk-eu/Users', {
      key: ENTRA_EU_KEY,
      body: oktaUser('alice.walker@scenario.example', {
        name: { givenName: 'Alice', familyName: 'Walker' },
      }),
    });
    expect(created.status).toBe(201);
    const identities = await stack.call(
      'GET',
      `/v1/identities?source=live&email=${encodeURIComponent('alice.walker@scenario.example')}`,
    );
    expect(identities.status).toBe(200);
    expect(identities.body.data).toHaveLength(1);
    const members = identities.body.data[0].members.map((account: any) => account.id);
    expect(members).toEqual(
      expect.arrayContaining([`desk-eu:${created.body.id}`, 'convirza:50001']),
    );
  });
});
