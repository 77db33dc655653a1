import { convirzaUser, crediraUser, day, deskUser } from './builders';
import { pick, seededRandom, token } from './random';
import { CONVIRZA_ROLES, DESK_ROLE_ID, SeedData } from './records';

const FIRST = [
  'Liam',
  'Olivia',
  'Noah',
  'Emma',
  'Oliver',
  'Ava',
  'Elijah',
  'Sophia',
  'James',
  'Isabella',
  'William',
  'Mia',
  'Lucas',
  'Amelia',
  'Henry',
  'Harper',
  'Theo',
  'Evelyn',
  'Mateo',
  'Aria',
];
const LAST = [
  'Nguyen',
  'Patel',
  'Kowalski',
  'Okafor',
  'Schmidt',
  'Rossi',
  'Tanaka',
  'Dubois',
  'Silva',
  'Novak',
  'Larsen',
  'Haddad',
  'Moreau',
  'Ivanova',
  'Costa',
  'Fischer',
  'Reyes',
  'Sato',
  'Kaur',
  'Byrne',
];
const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
];
const AREAS = ['202', '303', '404'];

type Role = 'admin' | 'member' | 'read_only';
const DESK_ROLE: Record<Role, string> = {
  admin: DESK_ROLE_ID.Admin,
  member: DESK_ROLE_ID.Agent,
  read_only: DESK_ROLE_ID.Viewer,
};
const CREDIRA_ROLE: Record<Role, string> = {
  admin: 'admin',
  member: 'billing_specialist',
  read_only: 'viewer',
};
const CONVIRZA_ROLE: Record<Role, (typeof CONVIRZA_ROLES)[number]> = {
  admin: CONVIRZA_ROLES[0],
  member: CONVIRZA_ROLES[1],
  read_only: CONVIRZA_ROLES[2],
};

/** How an email is spelled at a vendor: the same address, sometimes in other letter case. */
function spelled(random: () => number, email: string): string {
  const r = random();
  if (r < 0.1) return email.toUpperCase();
  if (r < 0.25) return email.replace(/^./, (c) => c.toUpperCase());
  return email;
}

/**
 * ~200 consistent people (same email, name, status and role wherever they
 * are), each at a seeded subset of the vendors, so the listings are big enough
 * to page and most people exist in two or three vendors.
 */
export function fillerRecords(seed = 20261122): SeedData {
  const random = seededRandom(seed);
  const names = FIRST.flatMap((first) => LAST.map((last) => [first, last] as const));
  // A seeded shuffle, then the first 200 name pairs: unique names by construction.
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [names[i], names[j]] = [names[j], names[i]];
  }
  const data: SeedData = { convirza: [], desk: [], credira: [] };
  names.slice(0, 200).forEach(([first, last], i) => {
    const email = `${first}.${last}@acme.example`.toLowerCase();
    const roll = random();
    const role: Role = roll < 0.1 ? 'admin' : roll < 0.25 ? 'read_only' : 'member';
    const active = random() >= 0.1;
    const phone = {
      e164: `+1${AREAS[i % 3]}5550${String(100 + Math.floor(i / 3)).slice(-3)}`,
      area: AREAS[i % 3],
      line: `0${String(100 + Math.floor(i / 3)).slice(-3)}`,
    };
    const zone = pick(random, ZONES);
    let inConvirza = random() < 0.7;
    const inDesk = random() < 0.56;
    const inCredira = random() < 0.6;
    if (!inConvirza && !inDesk && !inCredira) inConvirza = true;
    const externalId = `ACME-${1000 + i}`;

    if (inConvirza) {
      const convirzaRole = CONVIRZA_ROLE[role];
      data.convirza.push(
        convirzaUser({
          ct_user_id: 10001 + i,
          username: spelled(random, email),
          first_name: first,
          last_name: last,
          user_ext_id: externalId,
          ct_user_ou_id: 1001 + (i % 4),
          role_id: convirzaRole.id,
          role_name: convirzaRole.name,
          user_status: active ? 'active' : 'inactive',
          score_call: i % 3 === 0,
          access_audio: i % 5 !== 0,
          timezone: zone,
          agent_ring_to: `+1 ${phone.area}-555-${phone.line}`,
          agent_code: 100 + i,
          user_created: day(i % 90),
          user_modified: day((i % 90) + 30),
        }),
      );
    }
    if (inDesk) {
      data.desk.push(
        deskUser({
          id: String(101 + i),
          username: `${first}.${last}`.toLowerCase(),
          email: spelled(random, email),
          first_name: first,
          last_name: last,
          registration_password: token(random, 12),
          is_active: active ? '1' : '0',
          roles: [DESK_ROLE[role]],
          desks: [String(1 + (i % 3))],
          groups: [String(5 + (i % 3))],
          default_language: i % 7 === 0 ? 'es_ES' : 'en_US',
        }),
      );
    }
    if (inCredira) {
      data.credira.push(
        crediraUser({
          id: `user_${String(300000001 + i * 7)}`,
          email: spelled(random, email),
          name: `${first} ${last}`,
          role: CREDIRA_ROLE[role],
          phone: phone.e164,
          status: active ? 'active' : 'inactive',
          created_time: day(i % 120),
          metadata: {
            subscription_plan: i % 2 === 0 ? 'premium' : 'standard',
            timezone: zone,
            language: 'en',
            external_id: externalId,
          },
        }),
      );
    }
  });
  return data;
}
