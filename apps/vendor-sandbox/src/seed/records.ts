import { seededRandom } from './random';

/** The sandbox's stored records, in each vendor's own terms. */

export interface ConvirzaRecord {
  ct_user_id: number;
  username: string;
  first_name: string;
  last_name: string;
  user_ext_id: string | null;
  ct_user_ou_id: number;
  role_id: number;
  role_name: string;
  user_status: 'active' | 'inactive' | 'deleted';
  score_call: boolean;
  access_audio: boolean;
  aliases: string | null;
  timezone: string | null;
  agent_ring_to: string | null;
  agent_code: number | null;
  user_created: string;
  user_modified: string;
}

export interface DeskRecord {
  id: string;
  username: string;
  email: string;
  registration_password: string;
  is_active: string;
  is_clockedin: string;
  sip_uri: string;
  auto_dial: string;
  is_deleted: string;
  use_extended_ip_acl: string;
  user_route_caller_id: string;
  timezone_id: string;
  use_webrtc: string;
  first_name: string;
  last_name: string;
  virtual_extension: string;
  default_language: string;
  max_session_time: string;
  max_concurrent_sessions: string;
  twofa_type: string;
  member_all_desks: string;
  /** Desk, role and group ids; names are looked up when rendering. */
  desks: string[];
  roles: string[];
  groups: string[];
  /** Set by a create: stored, never rendered. */
  password?: string;
}

export interface CrediraRecord {
  id: string;
  email: string;
  name: string;
  company: string;
  role: string | null;
  department: string | null;
  phone: string | null;
  account_id: string;
  status: 'active' | 'inactive' | 'suspended';
  created_time: string;
  last_login: string | null;
  permissions: string[];
  activity_stats: Record<string, number | string | null>;
  metadata: Record<string, unknown>;
}

export interface SeedData {
  convirza: ConvirzaRecord[];
  desk: DeskRecord[];
  credira: CrediraRecord[];
}

export const ORG_UNITS: Record<number, string> = {
  1001: 'Sales East',
  1002: 'Sales West',
  1003: 'Support',
  1004: 'Marketing',
};
export const CONVIRZA_ROLES = [
  { id: 1, name: 'Admin', listName: 'Admin' },
  { id: 2, name: 'Standard', listName: 'Standard User' },
  { id: 3, name: 'ReadOnly', listName: 'Read Only User' },
] as const;
export const DESK_DESKS: Record<string, string> = {
  '1': 'Sales Desk',
  '2': 'Support Desk',
  '3': 'Retention Desk',
};
/**
 * Desk role ids are per tenant (the page documents only that a user read
 * carries a `roles` object). This tenant's ids are derived from a seed, so an
 * adapter that hard-codes any small fixed list (1-4) writes unknown ids and
 * fails. Nobody in the seed holds Supervisor: its id can only come from
 * DESK_ROLE_IDS, never from what the desk reads back.
 */
function tenantRoleIds(names: readonly string[], seed = 0x5eed): Record<string, string> {
  const random = seededRandom(seed);
  const ids: Record<string, string> = {};
  for (const name of names) {
    let id: string;
    do id = String(100 + Math.floor(random() * 900));
    while (ids[id] !== undefined);
    ids[id] = name;
  }
  return ids;
}
export const DESK_ROLES: Record<string, string> = tenantRoleIds([
  'Admin',
  'Supervisor',
  'Agent',
  'Viewer',
]);
/** This tenant's role id of a role name. */
export const DESK_ROLE_ID: Record<'Admin' | 'Supervisor' | 'Agent' | 'Viewer', string> =
  Object.fromEntries(Object.entries(DESK_ROLES).map(([id, name]) => [name, id])) as Record<
    'Admin' | 'Supervisor' | 'Agent' | 'Viewer',
    string
  >;
export const DESK_GROUPS: Record<string, string> = {
  '5': 'Tier 1',
  '6': 'Tier 2',
  '7': 'Night Shift',
};
export const DESK_LANGUAGES = ['en_US', 'es_ES', 'pt_BR', 'ru_RU'];
