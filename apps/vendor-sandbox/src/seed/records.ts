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
export const DESK_ROLES: Record<string, string> = {
  '1': 'Admin',
  '2': 'Supervisor',
  '3': 'Agent',
  '4': 'Viewer',
};
export const DESK_GROUPS: Record<string, string> = {
  '5': 'Tier 1',
  '6': 'Tier 2',
  '7': 'Night Shift',
};
export const DESK_LANGUAGES = ['en_US', 'es_ES', 'pt_BR', 'ru_RU'];
