import { isValidPhoneNumber } from 'libphonenumber-js';
import { RunningSandbox, SEED_SCENARIOS, startSandbox } from '../index';
import { AUTH, BASE, sandboxClient } from '../testing/sandbox-client';
import { seedData } from './seed';
import { CONVIRZA_PAGE_USER, CREDIRA_PAGE_USER } from './page-examples';
import { DESK_ROLES, DESK_ROLE_ID } from './records';

const digits = (phone: string | null) => (phone ?? '').replace(/[^0-9]/g, '');

describe('sandbox seed data', () => {
  describe('filler people', () => {
    const data = seedData();
    const convirza = data.convirza.filter((u) =>
      u.username.toLowerCase().endsWith('@acme.example'),
    );
    const desk = data.desk.filter((u) => u.email.toLowerCase().endsWith('@acme.example'));
    const credira = data.credira.filter((u) => u.email.toLowerCase().endsWith('@acme.example'));

    it('has about 150 Convirza, 120 desk and 130 Credira users', () => {
      expect(data.convirza.length).toBeGreaterThanOrEqual(130);
      expect(data.convirza.length).toBeLessThanOrEqual(170);
      expect(data.desk.length).toBeGreaterThanOrEqual(100);
      expect(data.desk.length).toBeLessThanOrEqual(140);
      expect(data.credira.length).toBeGreaterThanOrEqual(110);
      expect(data.credira.length).toBeLessThanOrEqual(150);
    });

    it('gives desk roles per-tenant ids, never the small fixed list 1-4', () => {
      const ids = Object.keys(DESK_ROLES);
      expect(Object.values(DESK_ROLES).sort()).toEqual(['Admin', 'Agent', 'Supervisor', 'Viewer']);
      expect(ids.filter((id) => ['1', '2', '3', '4'].includes(id))).toEqual([]);
      // Nobody holds Supervisor: its id is learnable only from DESK_ROLE_IDS.
      expect(data.desk.some((u) => u.roles.includes(DESK_ROLE_ID.Supervisor))).toBe(false);
    });

    it('uses the documented id ranges', () => {
      expect(convirza.every((u) => u.ct_user_id >= 10001 && u.ct_user_id < 50000)).toBe(true);
      expect(desk.every((u) => Number(u.id) >= 101 && Number(u.id) < 9000)).toBe(true);
      expect(credira.every((u) => /^user_[0-9]{9}$/.test(u.id))).toBe(true);
    });

    it('is the same person wherever a person is: email, name, status, role, phone', () => {
      type Seen = { name: string; active: boolean; role: string; phone?: string };
      const people = new Map<string, Seen[]>();
      const add = (email: string, seen: Seen) =>
        people.set(email.toLowerCase(), [...(people.get(email.toLowerCase()) ?? []), seen]);
      const convirzaRole = { 1: 'admin', 2: 'member', 3: 'read_only' } as Record<number, string>;
      const deskRole: Record<string, string> = {
        [DESK_ROLE_ID.Admin]: 'admin',
        [DESK_ROLE_ID.Agent]: 'member',
        [DESK_ROLE_ID.Viewer]: 'read_only',
      };
      const crediraRole: Record<string, string> = {
        admin: 'admin',
        billing_specialist: 'member',
        viewer: 'read_only',
      };
      for (const u of convirza)
        add(u.username, {
          name: `${u.first_name} ${u.last_name}`,
          active: u.user_status === 'active',
          role: convirzaRole[u.role_id],
          phone: digits(u.agent_ring_to),
        });
      for (const u of desk)
        add(u.email, {
          name: `${u.first_name} ${u.last_name}`,
          active: u.is_active === '1' && u.is_deleted === '0',
          role: deskRole[u.roles[0]],
        });
      for (const u of credira)
        add(u.email, {
          name: u.name,
          active: u.status === 'active',
          role: crediraRole[u.role ?? ''],
          phone: digits(u.phone),
        });

      expect(people.size).toBeGreaterThanOrEqual(180);
      let multi = 0;
      for (const [email, seen] of people) {
        expect(email).toMatch(/^[a-z]+\.[a-z]+@acme\.example$/);
        expect(new Set(seen.map((s) => s.name)).size).toBe(1);
        expect(new Set(seen.map((s) => s.active)).size).toBe(1);
        expect(new Set(seen.map((s) => s.role)).size).toBe(1);
        expect(seen.every((s) => s.role !== undefined)).toBe(true);
        expect(new Set(seen.flatMap((s) => (s.phone ? [s.phone] : []))).size).toBeLessThanOrEqual(
          1,
        );
        if (seen.length > 1) multi += 1;
      }
      expect(multi / people.size).toBeGreaterThan(0.5);
      const inactive = [...people.values()].filter((seen) => !seen[0].active).length;
      expect(inactive / people.size).toBeGreaterThan(0.04);
      expect(inactive / people.size).toBeLessThan(0.2);
    });

    it('gives unique names, emails and valid US phone numbers per person', () => {
      const names = new Set(convirza.map((u) => `${u.first_name} ${u.last_name}`));
      expect(names.size).toBe(convirza.length);
      const phones = new Map<string, string>();
      for (const u of [
        ...convirza.map((c) => ({ e: c.username, p: c.agent_ring_to })),
        ...credira.map((c) => ({ e: c.email, p: c.phone })),
      ]) {
        const d = digits(u.p);
        expect(d).toMatch(/^1(202|303|404)5550[0-9]{3}$/);
        expect(isValidPhoneNumber(`+${d}`)).toBe(true);
        const owner = phones.get(d);
        if (owner) expect(owner).toBe(u.e.toLowerCase());
        phones.set(d, u.e.toLowerCase());
      }
      const scenarioNames = [
        'Alice Walker',
        'Bob Stone',
        'John Smith',
        'Jon Smyth',
        'Carol Admin',
        'Dave Suspended',
        'Erin Left',
        'Frank Miller',
        'Grace Hopper',
        'Maria Garcia',
        'Hank Only',
      ];
      for (const name of scenarioNames) expect(names.has(name)).toBe(false);
    });
  });

  describe('over HTTP', () => {
    let sandbox: RunningSandbox;
    const call = sandboxClient<any>(() => sandbox.url);
    const one = async (vendor: 'convirza' | 'desk' | 'credira', id: string) => {
      const answer = await call('GET', `${BASE[vendor]}/users/${id}`, AUTH[vendor]);
      return vendor === 'desk' ? answer.json[0] : answer.json.data;
    };

    beforeAll(async () => {
      sandbox = await startSandbox();
    });
    afterAll(() => sandbox.close());

    it('is identical in two sandboxes', async () => {
      const other = await startSandbox();
      try {
        const strip = (text: string) => text.replace(/"(request_id|timestamp)":"[^"]*"/g, '');
        for (const [vendor, path] of [
          ['convirza', '/convirza/v3/users?limit=1000'],
          ['desk', '/desk/api/users'],
          ['credira', '/credira/v1/users?limit=100&page=2'],
        ] as const) {
          const [a, b] = await Promise.all(
            [sandbox, other].map((s) =>
              fetch(`${s.url}${path}`, { headers: AUTH[vendor] }).then((r) => r.text()),
            ),
          );
          expect(strip(a)).toBe(strip(b));
        }
      } finally {
        await other.close();
      }
    });

    it('has every scenario account, and only those, with its documented twist', async () => {
      expect(SEED_SCENARIOS.map((s) => s.key)).toEqual([
        'offboarding-gap',
        'email-case',
        'name-spelling',
        'role-mismatch',
        'suspended-in-credira',
        'deleted-in-convirza',
        'phone-link',
        'external-id-link',
        'same-name-different-email',
        'shared-email-same-desk',
        'unmatchable',
        'only-in-credira',
        'vendor-page-examples',
        'ids-beyond-assumptions',
        'unicode-names',
      ]);
      for (const { accounts } of SEED_SCENARIOS)
        for (const { vendor, vendorId } of accounts)
          expect([vendorId, await one(vendor, vendorId)]).toEqual([vendorId, expect.any(Object)]);

      expect(await one('convirza', '50001')).toMatchObject({ user_status: 'active', role_id: 2 });
      expect(await one('desk', '9001')).toMatchObject({ is_deleted: '1', is_active: '0' });
      expect(await one('credira', 'user_s01')).toMatchObject({ status: 'active', role: 'analyst' });

      expect((await one('convirza', '50002')).username).toBe('Bob.Stone@Scenario.Example');
      expect((await one('desk', '9002')).email).toBe(' bob.stone@scenario.example ');
      expect((await one('credira', 'user_s02')).email).toBe('BOB.STONE@SCENARIO.EXAMPLE');

      expect(await one('convirza', '50003')).toMatchObject({
        first_name: 'Jon',
        last_name: 'Smyth',
      });
      expect(await one('desk', '9003')).toMatchObject({ first_name: 'John', last_name: 'Smith' });
      expect((await one('credira', 'user_s03')).name).toBe('John Smith');

      expect(await one('convirza', '50004')).toMatchObject({ role_id: 1, role_name: 'Admin' });
      expect((await one('desk', '9004')).roles).toEqual({ [DESK_ROLE_ID.Agent]: 'Agent' });
      expect((await one('credira', 'user_s04')).role).toBe('billing_manager');

      expect((await one('credira', 'user_s05')).status).toBe('suspended');
      expect((await one('convirza', '50006')).user_status).toBe('deleted');
      expect((await one('desk', '9006')).is_active).toBe('1');

      expect(await one('convirza', '50007')).toMatchObject({
        username: 'frank@old-domain.example',
        agent_ring_to: '+1 415 555 0107',
      });
      expect(await one('credira', 'user_s07')).toMatchObject({
        email: 'frank.miller@scenario.example',
        phone: '+14155550107',
      });

      expect(await one('convirza', '50008')).toMatchObject({
        user_ext_id: 'EMP-0042',
        agent_ring_to: null,
      });
      const grace = await one('credira', 'user_s08');
      expect([grace.email, grace.phone, grace.metadata.external_id]).toEqual([
        'ghopper@navy.example',
        null,
        'EMP-0042',
      ]);

      expect((await one('convirza', '50009')).agent_ring_to).toBeNull();
      expect(await one('credira', 'user_s09')).toMatchObject({
        email: 'm.garcia@elsewhere.example',
        phone: null,
        name: 'Maria Garcia',
      });

      const front = [await one('desk', '9010'), await one('desk', '9011')];
      expect(front.map((u) => [u.username, u.email, u.first_name, u.last_name])).toEqual([
        ['frontdesk1', 'frontdesk@scenario.example', 'Front', 'Desk 1'],
        ['frontdesk2', 'frontdesk@scenario.example', 'Front', 'Desk 2'],
      ]);
      expect(await one('desk', '9012')).toMatchObject({
        username: 'kiosk-03',
        email: '',
        first_name: 'Kiosk',
        last_name: '03',
      });
      expect(await one('credira', 'user_s12')).toMatchObject({
        name: 'Hank Only',
        email: 'hank.only@scenario.example',
      });

      const zoe = await one('convirza', '50013');
      expect([zoe.first_name, zoe.last_name]).toEqual([
        'Zoë'.normalize('NFC'),
        'Ñúñez'.normalize('NFC'),
      ]);
      const deskZoe = await one('desk', '9013');
      expect([deskZoe.first_name, deskZoe.last_name]).toEqual([
        'Zoe\u0308',
        'N\u0303u\u0301n\u0303ez',
      ]);
      expect(deskZoe.first_name.normalize('NFC')).toBe(zoe.first_name);
      expect((await one('credira', 'user_s13')).name).toBe('Zoë Ñúñez'.normalize('NFC'));

      // The pages' own examples, verbatim; ids and flags no page rules out.
      expect(await one('convirza', '12345')).toEqual(CONVIRZA_PAGE_USER);
      expect(await one('credira', 'user_123456789')).toEqual(CREDIRA_PAGE_USER);
      expect(await one('desk', 'u-7f3a')).toMatchObject({ id: 'u-7f3a', member_all_desks: '1' });
      expect((await one('desk', 'ag.0042')).id).toBe('ag.0042');
      expect((await one('credira', 'usr-2b9c.7d')).id).toBe('usr-2b9c.7d');
      expect((await one('credira', 'user_7f3e-91aa_b2')).status).toBe('suspended');

      // Scenario people live nowhere else.
      expect((await call('GET', `${BASE.desk}/users/9005`, AUTH.desk)).json).toEqual([]);
      expect((await call('GET', `${BASE.credira}/users/user_s06`, AUTH.credira)).status).toBe(404);
      const scenarioIds = new Set(
        SEED_SCENARIOS.flatMap((s) => s.accounts.map((a) => `${a.vendor}:${a.vendorId}`)),
      );
      const data = seedData();
      const onScenarioDomain = [
        ...data.convirza
          .filter((u) => /scenario\.example|old-domain|navy|elsewhere/i.test(u.username))
          .map((u) => `convirza:${u.ct_user_id}`),
        ...data.convirza.filter((u) => u.ct_user_id === 12345).map(() => 'convirza:12345'),
        ...data.desk
          .filter((u) => !/^[0-9]+$/.test(u.id) || Number(u.id) >= 9000)
          .map((u) => `desk:${u.id}`),
        ...data.credira
          .filter((u) =>
            /scenario\.example|navy|elsewhere|pages\.example|company\.com/i.test(u.email),
          )
          .map((u) => `credira:${u.id}`),
      ];
      expect(onScenarioDomain.sort()).toEqual([...scenarioIds].sort());
    });
  });
});
