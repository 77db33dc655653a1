/** Raw desk (CommPeak cloud PBX) shapes, private to this lib. Every scalar arrives as a string. */

export interface DeskRef {
  id?: unknown;
  name?: unknown;
}

/** One element of the bare array `GET /users/{id}` and `GET /users` answer. */
export interface DeskUser {
  id: unknown;
  username?: unknown;
  email?: unknown;
  registration_password?: unknown;
  is_active?: unknown;
  is_clockedin?: unknown;
  sip_uri?: unknown;
  auto_dial?: unknown;
  is_deleted?: unknown;
  use_extended_ip_acl?: unknown;
  user_route_caller_id?: unknown;
  timezone_id?: unknown;
  use_webrtc?: unknown;
  first_name?: unknown;
  last_name?: unknown;
  virtual_extension?: unknown;
  default_language?: unknown;
  max_session_time?: unknown;
  max_concurrent_sessions?: unknown;
  twofa_type?: unknown;
  member_all_desks?: unknown;
  desks?: unknown;
  /** An object of role id -> role name in reads (assumed layout); an array of ids in writes. */
  roles?: unknown;
  groups?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
  last_login?: unknown;
}

/** The body of POST /users and PUT /users/{id}: flags as numbers, arrays of ids. */
export interface DeskUserBody {
  username?: string;
  password?: string;
  email?: string;
  is_active?: 0 | 1;
  first_name?: string | null;
  last_name?: string | null;
  default_language?: string;
  desks?: (number | string)[];
  roles?: (number | string)[];
}
