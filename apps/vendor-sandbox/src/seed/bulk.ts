import { convirzaUser, crediraUser, day, deskUser } from './builders';
import { CONVIRZA_ROLES, SeedData } from './records';

/** Bulk ids sit far above the seed's own, so they never collide with it or with created users. */
const CONVIRZA_FIRST_ID = 1_000_001;
const DESK_FIRST_ID = 1_000_001;
const CREDIRA_FIRST_ID = 400_000_001;

const FIRST = [
  'Ada',
  'Ben',
  'Cleo',
  'Dev',
  'Eli',
  'Fay',
  'Gus',
  'Hana',
  'Ivo',
  'Jun',
  'Kai',
  'Lea',
];
const LAST = ['Ames', 'Brook', 'Cruz', 'Dale', 'Eng', 'Frost', 'Grey', 'Hale', 'Irwin', 'Jost'];

/**
 * `count` extra people per vendor, appended after the seed, for benchmarks and
 * size tests: person i is `bulk.<i>@bulk.example` with the same name, phone and
 * role at every vendor, so the three listings reconcile into `count`
 * identities. A few differ on purpose, as real directories do: every 50th is
 * inactive at the desk only (an offboarding gap), every 97th has another role
 * at Credira. A pure function of `count`: every run and machine sees the same users.
 */
export function bulkRecords(count: number): SeedData {
  const data: SeedData = { convirza: [], desk: [], credira: [] };
  for (let i = 0; i < count; i++) {
    const first = FIRST[i % FIRST.length];
    const last = `${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i}`;
    const email = `bulk.${i}@bulk.example`;
    const phone = `+1415${String(2_000_000 + i).padStart(7, '0')}`;
    const admin = i % 20 === 0;
    const role = CONVIRZA_ROLES[admin ? 0 : 1];
    data.convirza.push(
      convirzaUser({
        ct_user_id: CONVIRZA_FIRST_ID + i,
        username: email,
        first_name: first,
        last_name: last,
        user_ext_id: `BULK-${i}`,
        ct_user_ou_id: 1001 + (i % 4),
        role_id: role.id,
        role_name: role.name,
        agent_ring_to: phone,
        user_created: day(i % 300),
        user_modified: day((i % 300) + 10),
      }),
    );
    data.desk.push(
      deskUser({
        id: String(DESK_FIRST_ID + i),
        username: `bulk.${i}`,
        email,
        first_name: first,
        last_name: last,
        registration_password: `bulk-pw-${(i * 7919) % 100_000}`,
        is_active: i % 50 === 0 ? '0' : '1',
        roles: [admin ? '1' : '3'],
        desks: [String(1 + (i % 3))],
        groups: [String(5 + (i % 3))],
      }),
    );
    data.credira.push(
      crediraUser({
        id: `user_${CREDIRA_FIRST_ID + i}`,
        email,
        name: `${first} ${last}`,
        role: admin ? 'admin' : i % 97 === 0 ? 'viewer' : 'billing_specialist',
        phone,
        created_time: day(i % 300),
        metadata: {
          subscription_plan: 'standard',
          timezone: 'America/New_York',
          language: 'en',
          external_id: `BULK-${i}`,
        },
      }),
    );
  }
  return data;
}
