import { normalizeEmail } from '@userbridge/canonical';
import { InvalidRequestError } from '@userbridge/errors';
import { VendorUserRecord } from './user-record';
import { UserUpdateInput, UserWriteInput } from './user-write';

type CurrentUser = VendorUserRecord['user'];

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().every((value, i) => value === [...b].sort()[i]);

/** Whether a given canonical field holds what the user already has (as read). */
function unchanged(field: keyof UserWriteInput, value: unknown, current: CurrentUser): boolean {
  switch (field) {
    case 'email':
      return normalizeEmail(value) === current.email;
    case 'groups':
      return (
        Array.isArray(value) &&
        sameSet(
          value.map((g: { id: string }) => g.id),
          current.groups.map((g) => g.id),
        )
      );
    case 'permissions':
      return Array.isArray(value) && sameSet(value as string[], current.permissions);
    case 'username':
    case 'firstName':
    case 'lastName':
    case 'displayName':
    case 'phone':
    case 'role':
    case 'status':
    case 'timezone':
    case 'language':
    case 'externalId':
      return value === current[field];
    default:
      // password, company, department, orgUnitId: not read back canonically, so always a change.
      return false;
  }
}

/**
 * The part of a write that changes the user as read: a field sent back with
 * the value it was read with is not a change. So a user written back exactly as
 * it was read changes nothing at the vendor (its own values the canonical model
 * only approximates, such as a `suspended` status read as `inactive`, stay), and
 * a field a vendor cannot store passes when it only repeats what was read.
 */
export function changedFields(input: UserUpdateInput, current: CurrentUser): UserWriteInput {
  const changes: Record<string, unknown> = {};
  const cleared: string[] = [];
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (unchanged(field as keyof UserWriteInput, value, current)) continue;
    if (value === null && NOT_CLEARABLE.has(field)) cleared.push(field);
    else changes[field] = value;
  }
  if (cleared.length > 0)
    throw new InvalidRequestError(`${cleared.join(' and ')} cannot be cleared: give a value`, {
      problems: cleared.map((field) => ({ field, message: 'cannot be cleared (null)' })),
    });
  return changes as UserWriteInput;
}

/** Fields a read may answer null but a write cannot set to null. */
const NOT_CLEARABLE: ReadonlySet<string> = new Set(['email', 'username']);

/**
 * A write with no user to compare against (a create): a null `email` or
 * `username` is refused, as nothing was read that it could repeat.
 */
export function givenFields(input: UserUpdateInput): UserWriteInput {
  const cleared = [...NOT_CLEARABLE].filter(
    (field) => input[field as keyof UserUpdateInput] === null,
  );
  if (cleared.length > 0)
    throw new InvalidRequestError(`${cleared.join(' and ')} must be a string, not null`, {
      problems: cleared.map((field) => ({ field, message: 'must be a string' })),
    });
  return input as UserWriteInput;
}
