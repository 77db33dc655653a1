import { crediraUser, day, deskUser } from './builders';
import { ConvirzaRecord, CrediraRecord, DESK_ROLE_ID, SeedData } from './records';

/** The Get User Details page's example `data`, verbatim (its `+1234567890` included). */
export const CONVIRZA_PAGE_USER: ConvirzaRecord = {
  ct_user_id: 12345,
  username: 'john.doe@example.com',
  first_name: 'John',
  last_name: 'Doe',
  user_ext_id: 'EXT-001',
  ct_user_ou_id: 1001,
  role_id: 2,
  role_name: 'Standard',
  user_status: 'active',
  score_call: false,
  access_audio: true,
  aliases: null,
  timezone: 'America/New_York',
  agent_ring_to: '+1234567890',
  agent_code: 10,
  user_created: '2026-01-15T10:30:00Z',
  user_modified: '2026-02-20T14:25:00Z',
};

/** Credira's Get User page example `data`, verbatim. */
export const CREDIRA_PAGE_USER: CrediraRecord = {
  id: 'user_123456789',
  email: 'john.doe@company.com',
  name: 'John Doe',
  company: 'Acme Corporation',
  role: 'billing_manager',
  department: 'finance',
  phone: '+1234567890',
  account_id: 'acc_789123456',
  status: 'active',
  created_time: '2024-01-15T10:30:00Z',
  last_login: '2024-01-20T09:15:00Z',
  permissions: [
    'calls:read',
    'calls:write',
    'emails:read',
    'emails:write',
    'callouts:read',
    'callouts:write',
  ],
  activity_stats: {
    total_calls_made: 45,
    total_emails_sent: 120,
    total_callouts_created: 8,
    last_activity: '2024-01-20T09:15:00Z',
  },
  metadata: { subscription_plan: 'premium', timezone: 'America/New_York', language: 'en' },
};

/**
 * Records no page rules out and today's adapters once refused: desk ids that
 * are not all digits (the page: "id (string)"), a desk user in all desks
 * (`member_all_desks: "1"`), Credira ids beyond the one example's pattern.
 */
export function pageExampleRecords(): SeedData {
  return {
    convirza: [structuredClone(CONVIRZA_PAGE_USER)],
    desk: [
      deskUser({
        id: 'u-7f3a',
        username: 'mia.lee',
        email: 'mia.lee@pages.example',
        first_name: 'Mia',
        last_name: 'Lee',
        registration_password: 'rp-u7f3a-Qx2',
        member_all_desks: '1',
        desks: ['2'],
        roles: [DESK_ROLE_ID.Agent],
        groups: [],
      }),
      deskUser({
        id: 'ag.0042',
        username: 'omar.haddad',
        email: 'omar.haddad@pages.example',
        first_name: 'Omar',
        last_name: 'Haddad',
        registration_password: 'rp-ag0042-Lm7',
        roles: [DESK_ROLE_ID.Viewer],
      }),
    ],
    credira: [
      structuredClone(CREDIRA_PAGE_USER),
      crediraUser({
        id: 'usr-2b9c.7d',
        email: 'mia.lee@pages.example',
        name: 'Mia Lee',
        role: 'support_agent',
        created_time: day(200),
      }),
      crediraUser({
        id: 'user_7f3e-91aa_b2',
        email: 'pia.berg@pages.example',
        name: 'Pia Berg',
        status: 'suspended',
        role: 'senior_billing_manager',
        created_time: day(201),
      }),
    ],
  };
}
