/** Raw Convirza v3 shapes, private to this lib. Every field is `unknown` until parsed. */

/** The envelope of every Convirza answer, success or error. */
export interface ConvirzaEnvelope {
  code?: unknown;
  message?: unknown;
  data?: unknown;
  request_id?: unknown;
  timestamp?: unknown;
}

/** `GET /users/{id}`: the Get User Details page. */
export interface ConvirzaUser {
  ct_user_id: unknown;
  username?: unknown;
  first_name?: unknown;
  last_name?: unknown;
  user_ext_id?: unknown;
  ct_user_ou_id?: unknown;
  role_id?: unknown;
  role_name?: unknown;
  user_status?: unknown;
  score_call?: unknown;
  access_audio?: unknown;
  aliases?: unknown;
  timezone?: unknown;
  agent_ring_to?: unknown;
  agent_code?: unknown;
  user_created?: unknown;
  user_modified?: unknown;
}

/** `GET /users`: list items have their own shape (see README). */
export interface ConvirzaListItem {
  ct_user_id: unknown;
  email?: unknown;
  first_name?: unknown;
  last_name?: unknown;
  user_ext_id?: unknown;
  status?: unknown;
  agent_id?: unknown;
  group?: unknown;
  group_org_unit_id?: unknown;
  role?: unknown;
  access_audio?: unknown;
  timezone?: unknown;
  agent_ring_to?: unknown;
  created?: unknown;
  /** Not in the documented list shape: read when a list carries them. */
  score_call?: unknown;
  user_modified?: unknown;
}

/** The body of POST, PUT and PATCH /users; an update sends back what it does not change as read. */
export interface ConvirzaUserBody {
  username?: string;
  first_name?: string;
  last_name?: string;
  ct_user_ou_id?: number;
  role?: ConvirzaRoleName;
  role_id?: number;
  user_ext_id?: string | null;
  user_status?: 'active' | 'inactive';
  timezone?: string | null;
  agent_ring_to?: string | null;
  score_call?: boolean;
  access_audio?: boolean;
}

/** The permission flags of a Convirza user, by their own names. */
export const CONVIRZA_PERMISSIONS = ['score_call', 'access_audio'] as const;

export type ConvirzaRoleName = 'Admin' | 'Standard' | 'ReadOnly';
