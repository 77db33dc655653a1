import { ConvirzaRecord, CrediraRecord, DESK_ROLE_ID, DeskRecord } from './records';

const BASE = Date.UTC(2025, 0, 6, 9, 0, 0);
const DAY = 86_400_000;

/** A fixed timestamp `days` after the seed's epoch: no clock reads, so every run is identical. */
export function day(days: number, hours = 0): string {
  return new Date(BASE + days * DAY + hours * 3_600_000).toISOString().replace('.000Z', 'Z');
}

export function convirzaUser(
  fields: Partial<ConvirzaRecord> &
    Pick<ConvirzaRecord, 'ct_user_id' | 'username' | 'first_name' | 'last_name'>,
): ConvirzaRecord {
  // Identity first, as the vendor prints it; the spread keeps that key order.
  const { ct_user_id, username, first_name, last_name } = fields;
  return {
    ...{ ct_user_id, username, first_name, last_name },
    user_ext_id: null,
    ct_user_ou_id: 1001,
    role_id: 2,
    role_name: 'Standard',
    user_status: 'active',
    score_call: false,
    access_audio: true,
    aliases: null,
    timezone: 'America/New_York',
    agent_ring_to: null,
    agent_code: null,
    user_created: day(10),
    user_modified: day(40),
    ...fields,
  };
}

export function deskUser(
  fields: Partial<DeskRecord> &
    Pick<
      DeskRecord,
      'id' | 'username' | 'email' | 'first_name' | 'last_name' | 'registration_password'
    >,
): DeskRecord {
  const { id, username, email, registration_password } = fields;
  return {
    ...{ id, username, email, registration_password },
    is_active: '1',
    is_clockedin: '0',
    sip_uri: `sip:${fields.username}@sandbox.td.commpeak.com`,
    auto_dial: '0',
    is_deleted: '0',
    use_extended_ip_acl: '0',
    user_route_caller_id: '',
    timezone_id: '17',
    use_webrtc: '1',
    virtual_extension: /^[0-9]+$/.test(fields.id) ? String(1000 + Number(fields.id)) : '',
    default_language: 'en_US',
    max_session_time: '0',
    max_concurrent_sessions: '1',
    twofa_type: 'default',
    member_all_desks: '0',
    desks: ['1'],
    roles: [DESK_ROLE_ID.Agent],
    groups: ['5'],
    ...fields,
  };
}

export function crediraUser(
  fields: Partial<CrediraRecord> & Pick<CrediraRecord, 'id' | 'email' | 'name'>,
): CrediraRecord {
  const { id, email, name } = fields;
  return {
    ...{ id, email, name },
    company: 'Acme Corporation',
    role: 'analyst',
    department: 'finance',
    phone: null,
    account_id: 'acc_789123456',
    status: 'active',
    created_time: day(12),
    last_login: day(60, 3),
    permissions: ['calls:read', 'emails:read'],
    activity_stats: {
      total_calls_made: 0,
      total_emails_sent: 0,
      total_callouts_created: 0,
      last_activity: day(60, 3),
    },
    metadata: { subscription_plan: 'premium', timezone: 'America/New_York', language: 'en' },
    ...fields,
  };
}
