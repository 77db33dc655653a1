import { DESK_DESKS, DESK_LANGUAGES, DESK_ROLES, DeskRecord } from '../seed/records';
import { Body, EMAIL, nonEmptyString, optionalString, Problem } from '../validation';

/** Flags are written as numbers 1/0; "1"/"0" and booleans are tolerated, as the desk reads them back. */
function flag(value: unknown): string | null {
  if (value === 1 || value === '1' || value === true) return '1';
  if (value === 0 || value === '0' || value === false) return '0';
  return null;
}

function knownIds(value: unknown, known: Record<string, string>, field: string): string[] | string {
  if (!Array.isArray(value)) return `${field} must be an array of ids`;
  const out: string[] = [];
  for (const item of value) {
    if (typeof item !== 'number' && typeof item !== 'string') return `${field} must hold ids`;
    const id = String(item);
    if (!/^[0-9]+$/.test(id) || !known[id]) return `${field}: unknown id ${id}`;
    out.push(id);
  }
  return out;
}

/**
 * The desk's write rules for POST (create) and PUT (any subset). Returns the
 * problem (400 naming the field, 409 for a taken username) or the fields to store.
 * Emails are not unique at the desk: shared mailboxes have several accounts.
 */
export function checkDeskWrite(
  users: Iterable<DeskRecord>,
  body: Body,
  create: boolean,
  selfId?: string,
): Problem | Partial<DeskRecord> {
  const bad = (message: string): Problem => ({ status: 400, message });
  if (create) {
    const missing = ['username', 'password', 'email'].filter(
      (f) => body[f] === undefined || body[f] === null || body[f] === '',
    );
    if (missing.length > 0) return bad(`Missing required field(s): ${missing.join(', ')}`);
  }
  const changes: Partial<DeskRecord> = {};
  if (body.username !== undefined) {
    if (!nonEmptyString(body.username, 128)) return bad('username must be a non-empty string');
    for (const u of users)
      if (u.id !== selfId && u.username === body.username)
        return { status: 409, message: 'Username already exists' };
    changes.username = body.username;
  }
  if (body.password !== undefined) {
    if (typeof body.password !== 'string' || body.password.length < 8)
      return bad('password must be a string of at least 8 characters');
    changes.password = body.password;
  }
  if (body.email !== undefined) {
    if (typeof body.email !== 'string' || !EMAIL.test(body.email))
      return bad('email must be a valid email address');
    changes.email = body.email;
  }
  if (body.is_active !== undefined) {
    const value = flag(body.is_active);
    if (value === null) return bad('is_active must be 1 or 0');
    changes.is_active = value;
  }
  for (const field of ['first_name', 'last_name', 'sip_uri'] as const) {
    const value = body[field];
    if (value === undefined) continue;
    if (!optionalString(value, 100)) return bad(`${field} must be a string`);
    changes[field] = typeof value === 'string' ? value : '';
  }
  if (body.default_language !== undefined) {
    const language = body.default_language;
    if (typeof language !== 'string' || !DESK_LANGUAGES.includes(language))
      return bad(`default_language must be one of ${DESK_LANGUAGES.join(', ')}`);
    changes.default_language = language;
  }
  if (body.desks !== undefined) {
    const desks = knownIds(body.desks, DESK_DESKS, 'desks');
    if (typeof desks === 'string') return bad(desks);
    changes.desks = desks;
  }
  if (body.roles !== undefined) {
    const roles = knownIds(body.roles, DESK_ROLES, 'roles');
    if (typeof roles === 'string') return bad(roles);
    changes.roles = roles;
  }
  return changes;
}
