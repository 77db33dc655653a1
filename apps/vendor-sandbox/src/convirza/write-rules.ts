import { CONVIRZA_ROLES, ConvirzaRecord, ORG_UNITS } from '../seed/records';
import { Body, EMAIL, nonEmptyString, optionalString, Problem } from '../validation';
import { STATUSES } from './list';

/** create = POST, replace = PUT (full update), patch = PATCH (any subset). */
export type WriteMode = 'create' | 'replace' | 'patch';

/** `role` stands for "role or role_id": the pages show both forms (see checkConvirzaWrite). */
const REQUIRED: Record<WriteMode, string[]> = {
  create: ['username', 'first_name', 'last_name', 'ct_user_ou_id', 'role'],
  replace: ['username', 'first_name', 'last_name', 'ct_user_ou_id', 'role', 'user_status'],
  patch: [],
};

/**
 * What a full update (PUT) sets a field to when the body leaves it out: the
 * Update page says "all fields in the request body overwrite the existing
 * values" and "performs a full update", so a missing optional field is reset
 * (assumed: to its create default; timezone to the org unit's, as on create).
 */
export const PUT_RESETS: Partial<ConvirzaRecord> = {
  user_ext_id: null,
  aliases: null,
  timezone: 'America/New_York',
  agent_ring_to: null,
  agent_code: null,
  score_call: false,
  access_audio: false,
};

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * Convirza's write rules. Returns the problem (400, or 409 for an email taken
 * anywhere on the platform, deleted users included) or the fields to store.
 */
export function checkConvirzaWrite(
  users: Iterable<ConvirzaRecord>,
  body: Body,
  mode: WriteMode,
  selfId?: number,
): Problem | Partial<ConvirzaRecord> {
  const bad = (message: string): Problem => ({ status: 400, message });
  const absent = (f: string) => body[f] === undefined || body[f] === null;
  // The Create page's rule names role_id; its examples send role by name: either form is taken.
  const missing = REQUIRED[mode].filter((f) => absent(f) && !(f === 'role' && !absent('role_id')));
  if (missing.length > 0) return bad(`Missing required field(s): ${missing.join(', ')}`);

  const changes: Partial<ConvirzaRecord> = {};
  if (body.username !== undefined) {
    if (typeof body.username !== 'string' || !EMAIL.test(body.username))
      return bad('username must be a valid email address');
    const wanted = body.username.toLowerCase();
    for (const u of users)
      if (u.ct_user_id !== selfId && u.username.toLowerCase() === wanted)
        return { status: 409, message: 'A user with this email address already exists' };
    changes.username = body.username;
  }
  for (const field of ['first_name', 'last_name'] as const) {
    const value = body[field];
    if (value === undefined) continue;
    if (!nonEmptyString(value, 100)) return bad(`${field} must be a non-empty string`);
    changes[field] = value;
  }
  if (body.ct_user_ou_id !== undefined) {
    const ou = body.ct_user_ou_id;
    if (typeof ou !== 'number' || !Number.isInteger(ou))
      return bad('ct_user_ou_id must be an integer');
    if (!ORG_UNITS[ou]) return bad(`Org unit ${ou} does not exist or is outside your hierarchy`);
    changes.ct_user_ou_id = ou;
  }
  if (body.role !== undefined || body.role_id !== undefined) {
    const byName =
      body.role === undefined ? undefined : CONVIRZA_ROLES.find((r) => r.name === body.role);
    const byId =
      body.role_id === undefined ? undefined : CONVIRZA_ROLES.find((r) => r.id === body.role_id);
    if (body.role !== undefined && !byName)
      return bad('role must be one of Admin, Standard, ReadOnly');
    if (body.role_id !== undefined && !byId) return bad('role_id must be 1, 2 or 3');
    if (byName && byId && byName.id !== byId.id)
      return bad('role and role_id name different roles');
    const role = (byName ?? byId) as (typeof CONVIRZA_ROLES)[number];
    changes.role_id = role.id;
    changes.role_name = role.name;
  }
  if (body.user_status !== undefined) {
    // A new user cannot start deleted; an update may soft-delete or restore.
    const allowed = mode === 'create' ? ['active', 'inactive'] : STATUSES;
    const status = body.user_status;
    if (typeof status !== 'string' || !allowed.includes(status))
      return bad(`user_status must be one of ${allowed.join(', ')}`);
    changes.user_status = status as ConvirzaRecord['user_status'];
  }
  for (const field of ['user_ext_id', 'timezone', 'agent_ring_to', 'aliases'] as const) {
    const value = body[field];
    if (value === undefined) continue;
    if (!optionalString(value, 100)) return bad(`${field} must be a string or null`);
    changes[field] = typeof value === 'string' ? value : null;
  }
  if (typeof body.timezone === 'string' && !isTimeZone(body.timezone))
    return bad('timezone must be an IANA time zone');
  if (body.agent_code !== undefined) {
    const code = body.agent_code;
    if (code !== null && (typeof code !== 'number' || !Number.isInteger(code)))
      return bad('agent_code must be an integer');
    changes.agent_code = code;
  }
  for (const field of ['score_call', 'access_audio'] as const) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') return bad(`${field} must be a boolean`);
    changes[field] = value;
  }
  return changes;
}
