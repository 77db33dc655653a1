import { InvalidRequestError } from '@userbridge/errors';
import { UserUpdateInput } from '@userbridge/vendor-core';
import { IDENTIFYING_FIELDS, IGNORED_READ_ONLY_FIELDS, UserUpdateDto } from './dto/user-write.dto';

/** The response header naming the read-only fields a PUT or PATCH ignored. */
export const IGNORED_FIELDS_HEADER = 'x-userbridge-ignored-fields';

/** What a body's identifying fields must repeat: the user the path names. */
export type UserIdentity = Record<(typeof IDENTIFYING_FIELDS)[number], string>;

export interface SettledUpdate {
  input: UserUpdateInput;
  /** Read-only fields given and ignored, in the order of the canonical user (`groups[].name` last). */
  ignored: string[];
}

const shown = (text: string): string => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

/**
 * Splits a PUT or PATCH body sent back as GET answered it: the identifying
 * fields must name the user in the path (a different one is a 400 naming it:
 * a write never moves a user), the other read-only fields are dropped and
 * named, and what remains is the write. Keys not sent stay absent.
 */
export function settleReadOnlyFields(dto: UserUpdateDto, target: UserIdentity): SettledUpdate {
  const problems = IDENTIFYING_FIELDS.filter(
    (field) => dto[field] !== undefined && dto[field] !== target[field],
  ).map((field) => ({
    field,
    message: `is "${shown(String(dto[field]))}" but the user in the path has ${field} "${target[field]}": read-only, it cannot change`,
  }));
  if (problems.length > 0)
    throw new InvalidRequestError(
      `${problems.map((p) => p.field).join(', ')} ${problems.length === 1 ? 'does' : 'do'} not match the user in the path (${target.id}): read-only fields cannot change`,
      { problems },
    );

  const ignored: string[] = IGNORED_READ_ONLY_FIELDS.filter((field) => dto[field] !== undefined);
  const readOnly = new Set<string>([...IDENTIFYING_FIELDS, ...IGNORED_READ_ONLY_FIELDS]);
  const input: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(dto)) {
    if (value === undefined || readOnly.has(field)) continue;
    input[field] = value;
  }
  if (Array.isArray(dto.groups)) {
    if (dto.groups.some((group) => group.name !== undefined)) ignored.push('groups[].name');
    input.groups = dto.groups.map((group) => ({ id: group.id }));
  }
  return { input: input as UserUpdateInput, ignored };
}
