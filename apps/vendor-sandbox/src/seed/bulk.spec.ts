import { RunningSandbox, startSandbox } from '../index';
import { AUTH, BASE, sandboxClient } from '../testing/sandbox-client';
import { bulkRecords } from './bulk';
import { seedData } from './seed';

describe('sandbox size knob, churn and delayed faults', () => {
  it('builds the same bulk people on every call, one per vendor each, with unique ids', () => {
    const a = bulkRecords(500);
    expect(bulkRecords(500)).toEqual(a);
    expect([a.convirza.length, a.desk.length, a.credira.length]).toEqual([500, 500, 500]);
    const seed = seedData();
    const convirzaIds = new Set([...seed.convirza, ...a.convirza].map((u) => u.ct_user_id));
    expect(convirzaIds.size).toBe(seed.convirza.length + 500);
    const deskIds = new Set([...seed.desk, ...a.desk].map((u) => u.id));
    expect(deskIds.size).toBe(seed.desk.length + 500);
    expect(a.credira.every((u) => /^user_[0-9]{9}$/.test(u.id))).toBe(true);
    expect(a.desk.filter((u) => u.is_active === '0')).toHaveLength(10);
  });

  describe('a sandbox with 300 extra users per vendor', () => {
    let sandbox: RunningSandbox;
    const call = sandboxClient<any>(() => sandbox.url);
    const seed = seedData();

    beforeAll(async () => {
      sandbox = await startSandbox({ usersPerVendor: 300 });
    });
    afterAll(() => sandbox.close());
    beforeEach(() => sandbox.reset());

    it('appends them after the seed, which stays as it was', async () => {
      const convirza = await call(
        'GET',
        `${BASE.convirza}/users?limit=1000&offset=0`,
        AUTH.convirza,
      );
      expect(convirza.json.data.total).toBe(seed.convirza.length + 300);
      expect(convirza.json.data.users[0].ct_user_id).toBe(seed.convirza[0].ct_user_id);
      const desk = await call('GET', `${BASE.desk}/users`, AUTH.desk);
      expect(desk.json).toHaveLength(seed.desk.length + 300);
      const credira = await call('GET', `${BASE.credira}/users?page=5&limit=100`, AUTH.credira);
      expect(credira.json.meta.total).toBe(seed.credira.length + 300);
    });

    it('renames every n-th user on churn, and reset brings the names back', async () => {
      const changed = sandbox.churn(100);
      const expected = (n: number) => Math.ceil(n / 100);
      expect(changed).toEqual({
        convirza: expected(seed.convirza.length + 300),
        desk: expected(seed.desk.length + 300),
        credira: expected(seed.credira.length + 300),
      });
      const first = await call('GET', `${BASE.desk}/users/${seed.desk[0].id}`, AUTH.desk);
      expect(first.json[0].last_name).toBe(`${seed.desk[0].last_name}-x`);
      const control = await call('POST', '/_sandbox/churn', {}, { every: 0 });
      expect(control.status).toBe(400);
      sandbox.reset();
      const back = await call('GET', `${BASE.desk}/users/${seed.desk[0].id}`, AUTH.desk);
      expect(back.json[0].last_name).toBe(seed.desk[0].last_name);
    });

    it('lets `after` requests pass before a fault applies', async () => {
      sandbox.setFault('credira', { mode: 'malformed', after: 2 });
      const statuses: number[] = [];
      const bodies: boolean[] = [];
      for (let page = 1; page <= 4; page++) {
        const answer = await call(
          'GET',
          `${BASE.credira}/users?page=${page}&limit=10`,
          AUTH.credira,
        );
        statuses.push(answer.status);
        bodies.push(answer.json !== undefined);
      }
      expect(statuses).toEqual([200, 200, 200, 200]);
      expect(bodies).toEqual([true, true, false, false]);
      expect(() => sandbox.setFault('desk', { after: -1 })).toThrow(/after/);
    });
  });

  it('refuses a bad size', async () => {
    await expect(startSandbox({ usersPerVendor: -1 })).rejects.toThrow(/usersPerVendor/);
  });
});
