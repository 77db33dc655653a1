import { Body, EMAIL, isBody, nonEmptyString, optionalString } from '../validation';

const STATUSES = ['active', 'inactive', 'suspended'];
const CREATE_FIELDS = ['email', 'name', 'company', 'role', 'department', 'phone', 'metadata'];
const UPDATE_FIELDS = ['name', 'role', 'department', 'phone', 'status', 'permissions', 'metadata'];

/** Field checks shared by create and update; returns the INVALID_REQUEST message or null. */
function checkFields(body: Body, allowed: string[]): string | null {
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) return `Unknown field(s): ${unknown.join(', ')}`;
  if (body.name !== undefined && !nonEmptyString(body.name))
    return 'name must be a non-empty string';
  for (const field of ['role', 'department', 'phone'])
    if (!optionalString(body[field], 100)) return `${field} must be a string`;
  if (body.metadata !== undefined && !isBody(body.metadata)) return 'metadata must be an object';
  if (body.status !== undefined && !STATUSES.includes(body.status as string))
    return `status must be one of ${STATUSES.join(', ')}`;
  if (
    body.permissions !== undefined &&
    (!Array.isArray(body.permissions) || !body.permissions.every((p) => typeof p === 'string'))
  )
    return 'permissions must be an array of strings';
  return null;
}

export function checkCrediraCreate(body: Body): string | null {
  const missing = ['email', 'name', 'company'].filter((f) => body[f] === undefined);
  if (missing.length > 0) return `Missing required field(s): ${missing.join(', ')}`;
  if (typeof body.email !== 'string' || !EMAIL.test(body.email.trim()))
    return 'email must be a valid email address';
  if (!nonEmptyString(body.company)) return 'company must be a non-empty string';
  return checkFields(body, CREATE_FIELDS);
}

export function checkCrediraUpdate(body: Body): string | null {
  // Credira keys users by email for good: changing it means a new user.
  if (body.email !== undefined) return 'email cannot be changed';
  return checkFields(body, UPDATE_FIELDS);
}
