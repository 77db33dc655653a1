import { SeedScenario } from '../types';
import { convirzaUser, crediraUser, deskUser } from './builders';
import { SeedData } from './records';

/**
 * Hand-made people exercising every reconciliation case. The e2e suite asserts
 * the exact identities and conflicts they produce; change both together.
 */
export const SEED_SCENARIOS: readonly SeedScenario[] = [
  {
    key: 'offboarding-gap',
    description: 'Active at Convirza and Credira, deleted at the desk',
    accounts: [
      { vendor: 'convirza', vendorId: '50001' },
      { vendor: 'desk', vendorId: '9001' },
      { vendor: 'credira', vendorId: 'user_s01' },
    ],
  },
  {
    key: 'email-case',
    description: 'One email in three spellings (case, spaces)',
    accounts: [
      { vendor: 'convirza', vendorId: '50002' },
      { vendor: 'desk', vendorId: '9002' },
      { vendor: 'credira', vendorId: 'user_s02' },
    ],
  },
  {
    key: 'name-spelling',
    description: 'Same email, "Jon Smyth" at Convirza, "John Smith" elsewhere',
    accounts: [
      { vendor: 'convirza', vendorId: '50003' },
      { vendor: 'desk', vendorId: '9003' },
      { vendor: 'credira', vendorId: 'user_s03' },
    ],
  },
  {
    key: 'role-mismatch',
    description: 'Admin at Convirza, agent at the desk, manager at Credira',
    accounts: [
      { vendor: 'convirza', vendorId: '50004' },
      { vendor: 'desk', vendorId: '9004' },
      { vendor: 'credira', vendorId: 'user_s04' },
    ],
  },
  {
    key: 'suspended-in-credira',
    description: 'Active at Convirza, suspended at Credira, not at the desk',
    accounts: [
      { vendor: 'convirza', vendorId: '50005' },
      { vendor: 'credira', vendorId: 'user_s05' },
    ],
  },
  {
    key: 'deleted-in-convirza',
    description: 'Deleted at Convirza, active at the desk, not at Credira',
    accounts: [
      { vendor: 'convirza', vendorId: '50006' },
      { vendor: 'desk', vendorId: '9006' },
    ],
  },
  {
    key: 'phone-link',
    description: 'Different emails, one phone number',
    accounts: [
      { vendor: 'convirza', vendorId: '50007' },
      { vendor: 'credira', vendorId: 'user_s07' },
    ],
  },
  {
    key: 'external-id-link',
    description: 'Different emails, one external id',
    accounts: [
      { vendor: 'convirza', vendorId: '50008' },
      { vendor: 'credira', vendorId: 'user_s08' },
    ],
  },
  {
    key: 'same-name-different-email',
    description: 'Same name, different emails, nothing else shared: not merged, flagged',
    accounts: [
      { vendor: 'convirza', vendorId: '50009' },
      { vendor: 'credira', vendorId: 'user_s09' },
    ],
  },
  {
    key: 'shared-email-same-desk',
    description: 'Two desk accounts share one email: not merged, flagged',
    accounts: [
      { vendor: 'desk', vendorId: '9010' },
      { vendor: 'desk', vendorId: '9011' },
    ],
  },
  {
    key: 'unmatchable',
    description: 'A desk kiosk account without email, phone or external id',
    accounts: [{ vendor: 'desk', vendorId: '9012' }],
  },
  {
    key: 'only-in-credira',
    description: 'Exists at Credira only',
    accounts: [{ vendor: 'credira', vendorId: 'user_s12' }],
  },
  {
    key: 'vendor-page-examples',
    description:
      "The Get User pages' own examples verbatim (John Doe, phone +1234567890 at both), linked by phone",
    accounts: [
      { vendor: 'convirza', vendorId: '12345' },
      { vendor: 'credira', vendorId: 'user_123456789' },
    ],
  },
  {
    key: 'ids-beyond-assumptions',
    description:
      'Desk ids that are not all digits (one in all desks), Credira ids beyond user_<digits>',
    accounts: [
      { vendor: 'desk', vendorId: 'u-7f3a' },
      { vendor: 'credira', vendorId: 'usr-2b9c.7d' },
      { vendor: 'desk', vendorId: 'ag.0042' },
      { vendor: 'credira', vendorId: 'user_7f3e-91aa_b2' },
    ],
  },
  {
    key: 'unicode-names',
    description: '"Zoë Ñúñez" composed (NFC) at two vendors, decomposed (NFD) at the desk',
    accounts: [
      { vendor: 'convirza', vendorId: '50013' },
      { vendor: 'desk', vendorId: '9013' },
      { vendor: 'credira', vendorId: 'user_s13' },
    ],
  },
];

const at = (name: string) => `${name}@scenario.example`;

export function scenarioRecords(): SeedData {
  const convirza = [
    convirzaUser({
      ct_user_id: 50001,
      username: at('alice.walker'),
      first_name: 'Alice',
      last_name: 'Walker',
    }),
    convirzaUser({
      ct_user_id: 50002,
      username: 'Bob.Stone@Scenario.Example',
      first_name: 'Bob',
      last_name: 'Stone',
    }),
    convirzaUser({
      ct_user_id: 50003,
      username: at('jon.smith'),
      first_name: 'Jon',
      last_name: 'Smyth',
    }),
    convirzaUser({
      ct_user_id: 50004,
      username: at('carol.admin'),
      first_name: 'Carol',
      last_name: 'Admin',
      role_id: 1,
      role_name: 'Admin',
    }),
    convirzaUser({
      ct_user_id: 50005,
      username: at('dave.suspended'),
      first_name: 'Dave',
      last_name: 'Suspended',
    }),
    convirzaUser({
      ct_user_id: 50006,
      username: at('erin.left'),
      first_name: 'Erin',
      last_name: 'Left',
      user_status: 'deleted',
    }),
    convirzaUser({
      ct_user_id: 50007,
      username: 'frank@old-domain.example',
      first_name: 'Frank',
      last_name: 'Miller',
      agent_ring_to: '+1 415 555 0107',
    }),
    convirzaUser({
      ct_user_id: 50008,
      username: at('grace.hopper'),
      first_name: 'Grace',
      last_name: 'Hopper',
      user_ext_id: 'EMP-0042',
    }),
    convirzaUser({
      ct_user_id: 50009,
      username: at('maria.garcia'),
      first_name: 'Maria',
      last_name: 'Garcia',
    }),
    convirzaUser({
      ct_user_id: 50013,
      username: at('zoe.nunez'),
      first_name: 'Zoë',
      last_name: 'Ñúñez',
    }),
  ];
  const desk = [
    deskUser({
      id: '9001',
      username: 'awalker',
      email: at('alice.walker'),
      first_name: 'Alice',
      last_name: 'Walker',
      is_deleted: '1',
      is_active: '0',
      registration_password: 'rp-9001-Xq7w',
    }),
    deskUser({
      id: '9002',
      username: 'bstone',
      email: ' bob.stone@scenario.example ',
      first_name: 'Bob',
      last_name: 'Stone',
      registration_password: 'rp-9002-Kd2m',
    }),
    deskUser({
      id: '9003',
      username: 'jsmith',
      email: at('jon.smith'),
      first_name: 'John',
      last_name: 'Smith',
      registration_password: 'rp-9003-Lp4s',
    }),
    deskUser({
      id: '9004',
      username: 'cadmin',
      email: at('carol.admin'),
      first_name: 'Carol',
      last_name: 'Admin',
      registration_password: 'rp-9004-Vb8n',
    }),
    deskUser({
      id: '9006',
      username: 'eleft',
      email: at('erin.left'),
      first_name: 'Erin',
      last_name: 'Left',
      registration_password: 'rp-9006-Hz3c',
    }),
    deskUser({
      id: '9010',
      username: 'frontdesk1',
      email: at('frontdesk'),
      first_name: 'Front',
      last_name: 'Desk 1',
      registration_password: 'rp-9010-Ty6u',
    }),
    deskUser({
      id: '9011',
      username: 'frontdesk2',
      email: at('frontdesk'),
      first_name: 'Front',
      last_name: 'Desk 2',
      registration_password: 'rp-9011-Gw9e',
    }),
    deskUser({
      id: '9012',
      username: 'kiosk-03',
      email: '',
      first_name: 'Kiosk',
      last_name: '03',
      registration_password: 'rp-9012-Rn5a',
    }),
    deskUser({
      id: '9013',
      username: 'znunez',
      email: at('zoe.nunez'),
      first_name: 'Zoe\u0308',
      last_name: 'N\u0303u\u0301n\u0303ez',
      registration_password: 'rp-9013-Mf1k',
    }),
  ];
  const credira = [
    crediraUser({ id: 'user_s01', email: at('alice.walker'), name: 'Alice Walker' }),
    crediraUser({ id: 'user_s02', email: 'BOB.STONE@SCENARIO.EXAMPLE', name: 'Bob Stone' }),
    crediraUser({ id: 'user_s03', email: at('jon.smith'), name: 'John Smith' }),
    crediraUser({
      id: 'user_s04',
      email: at('carol.admin'),
      name: 'Carol Admin',
      role: 'billing_manager',
    }),
    crediraUser({
      id: 'user_s05',
      email: at('dave.suspended'),
      name: 'Dave Suspended',
      status: 'suspended',
    }),
    crediraUser({
      id: 'user_s07',
      email: at('frank.miller'),
      name: 'Frank Miller',
      phone: '+14155550107',
    }),
    crediraUser({
      id: 'user_s08',
      email: 'ghopper@navy.example',
      name: 'Grace Hopper',
      metadata: {
        subscription_plan: 'premium',
        timezone: 'America/New_York',
        language: 'en',
        external_id: 'EMP-0042',
      },
    }),
    crediraUser({ id: 'user_s09', email: 'm.garcia@elsewhere.example', name: 'Maria Garcia' }),
    crediraUser({ id: 'user_s12', email: at('hank.only'), name: 'Hank Only' }),
    crediraUser({ id: 'user_s13', email: at('zoe.nunez'), name: 'Zoë Ñúñez' }),
  ];
  return { convirza, desk, credira };
}
