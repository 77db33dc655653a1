import { RunningSandbox, startSandbox } from './index';
import { AUTH, BASE, sandboxClient } from './testing/sandbox-client';

describe('sandbox: auth, ids, not found, unreadable bodies', () => {
  let sandbox: RunningSandbox;
  const call = sandboxClient<any>(() => sandbox.url);

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  describe('auth, each vendor its own way', () => {
    it('Convirza: envelope 401 with data null', async () => {
      const answer = await call('GET', '/convirza/v3/users/50001', { authorization: 'Bearer no' });
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ code: 401, data: null, message: expect.any(String) });
      expect(answer.json.request_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(answer.json.timestamp))).toBe(false);
    });

    it('desk: {success:false} with a Basic challenge', async () => {
      const wrong = `Basic ${Buffer.from('sandbox-desk:nope').toString('base64')}`;
      for (const headers of [{}, { authorization: wrong }] as Record<string, string>[]) {
        const answer = await call('GET', '/desk/api/users/9001', headers);
        expect(answer.status).toBe(401);
        expect(answer.headers.get('www-authenticate')).toBe('Basic realm="desk"');
        expect(answer.json).toEqual({ success: false, message: 'Unauthorized' });
      }
    });

    it('Credira: UNAUTHORIZED with meta', async () => {
      const answer = await call('GET', '/credira/v1/users/user_s01', AUTH.convirza);
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({
        success: false,
        error: { code: 'UNAUTHORIZED', message: 'Invalid or missing API key' },
        meta: { timestamp: expect.any(String), request_id: expect.any(String) },
      });
    });

    it('is checked before ids, bodies and routes', async () => {
      expect((await call('GET', '/convirza/v3/users/abc')).status).toBe(401);
      expect((await call('POST', '/credira/v1/users', {}, '{"email":')).status).toBe(401);
      expect((await call('GET', '/desk/api/nowhere')).status).toBe(401);
    });
  });

  it('validates ids per vendor', async () => {
    for (const id of ['0', '-1', 'abc', '1.5', '007x', '99999999999999999999'])
      expect((await call('GET', `/convirza/v3/users/${id}`, AUTH.convirza)).json).toMatchObject({
        code: 400,
        data: null,
      });
    // The desk page says only "id (string)": any id is looked up; an unknown one is [].
    for (const id of ['abc', '-1', '1.5', '1234567890123456789'])
      expect((await call('GET', `/desk/api/users/${id}`, AUTH.desk)).json).toEqual([]);
    expect((await call('GET', `/desk/api/users/${'x'.repeat(129)}`, AUTH.desk)).json).toEqual({
      success: false,
      message: expect.any(String),
    });
    // Credira's pages show one example id: any id of plain characters is looked up (404 when
    // unknown); characters no id is made of are the page's 400 (assumed).
    expect((await call('GET', '/credira/v1/users/usr_1', AUTH.credira)).status).toBe(404);
    for (const id of ['user%20x', 'user%2Cx', `user_${'a'.repeat(124)}`]) {
      const answer = await call('GET', `/credira/v1/users/${id}`, AUTH.credira);
      expect(answer.status).toBe(400);
      expect(answer.json.error).toEqual({
        code: 'INVALID_REQUEST',
        message: 'Invalid user ID format',
      });
    }
  });

  it('answers not found in each vendor shape', async () => {
    const convirza = await call('GET', '/convirza/v3/users/999999', AUTH.convirza);
    expect([convirza.status, convirza.json.code, convirza.json.data]).toEqual([404, 404, null]);
    const desk = await call('GET', '/desk/api/users/999999', AUTH.desk);
    expect([desk.status, desk.json]).toEqual([200, []]);
    const deskPut = await call('PUT', '/desk/api/users/999999', AUTH.desk, { first_name: 'X' });
    expect([deskPut.status, deskPut.json.success]).toEqual([404, false]);
    const credira = await call('GET', '/credira/v1/users/user_nobody', AUTH.credira);
    expect([credira.status, credira.json.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('answers an unreadable or non-object body with the vendor own 400, never a crash', async () => {
    for (const body of ['{"x":', '[1,2]', '"text"', 'null']) {
      const convirza = await call('POST', `${BASE.convirza}/users`, AUTH.convirza, body);
      expect([convirza.status, convirza.json.code, convirza.json.data]).toEqual([400, 400, null]);
      const desk = await call('PUT', `${BASE.desk}/users/9001`, AUTH.desk, body);
      expect([desk.status, desk.json.success]).toEqual([400, false]);
      const credira = await call('POST', `${BASE.credira}/users`, AUTH.credira, body);
      expect([credira.status, credira.json.error.code]).toEqual([400, 'INVALID_REQUEST']);
    }
    const empty = await fetch(`${sandbox.url}/credira/v1/users`, {
      method: 'POST',
      headers: { ...AUTH.credira, 'content-type': 'application/json' },
    });
    expect(empty.status).toBe(400);
    const plain = await call('POST', `${BASE.convirza}/users`, {
      ...AUTH.convirza,
      'content-type': 'text/plain',
    });
    expect(plain.status).toBe(400);
  });
});
