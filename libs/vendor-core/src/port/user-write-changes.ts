import { normalizeEmail } from '@userbridge/canonical';
import { VendorUserRecord } from './user-record';
import { UserWriteInput } from './user-write';

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
export function changedFields(input: UserWriteInput, current: CurrentUser): UserWriteInput {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (!unchanged(field as keyof UserWriteInput, value, current)) changes[field] = value;
  }
  return changes as UserWriteInput;
}
