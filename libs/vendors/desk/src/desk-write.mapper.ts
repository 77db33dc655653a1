import { normalizeLanguage } from '@userbridge/canonical';
import { CanonicalRole } from '@userbridge/canonical';
import { FieldProblem, InvalidRequestError } from '@userbridge/errors';
import {
  changedFields,
  givenFields,
  UserUpdateInput,
  UserWriteInput,
  VendorUserRecord,
} from '@userbridge/vendor-core';
import { ALL_DESKS_GROUP, VENDOR } from './desk.mapper';
import { DeskUserBody } from './desk.types';

export type DeskWriteMode = 'create' | 'replace';

/** The desk's languages (CommPeak's `default_language` values). */
const LANGUAGES = new Set(['en_US', 'es_ES', 'pt_BR', 'ru_RU']);
const DESK_GROUP = /^desk\/([^/]+)$/;
// 15 digits stay exact as JSON numbers (below 2^53), the form the desk's create example implies.
const NUMERIC_ID = /^[0-9]{1,15}$/;

/** An id as a write body carries it: a number when it is one, else the string as read. */
const idValue = (id: string): number | string => (NUMERIC_ID.test(id) ? Number(id) : id);

/** Canonical groups the desk sets itself: `member_all_desks` and its groups (not in the write body). */
const isReadOnlyGroup = (id: string): boolean =>
  id === ALL_DESKS_GROUP.id || id.startsWith('group/');

export interface DeskWriteContext {
  /** The user as read, for a PUT: only what differs from it is a change. */
  current?: VendorUserRecord['user'];
  /** The desk role id of a canonical role (DESK_ROLE_IDS or learned from reads); throws when unknown. */
  roleId: (role: CanonicalRole) => string;
}
export const DESK_MIN_PASSWORD = 8;

export const DESK_NOT_WRITABLE: Partial<Record<keyof UserWriteInput, string>> = {
  phone: 'the desk API has no phone field for users',
  timezone: "the desk's timezone_id is an internal id, not an IANA zone, and is not writable here",
  externalId: 'the desk has no external id',
  permissions: 'desk permissions come from roles: send role',
  company: 'the desk has no company',
  department: 'the desk has no department',
  orgUnitId: 'org units are Convirza; at the desk send groups: [{ "id": "desk/<id>" }]',
  displayName: 'the desk stores first and last names only: send firstName and lastName',
};

export const DESK_REQUIRED: Record<DeskWriteMode, readonly (keyof UserWriteInput)[]> = {
  create: ['username', 'password', 'email'],
  replace: ['email', 'status'],
};

/**
 * Checks a canonical write against the desk's rules and builds its body
 * (flags as numbers, desks and roles as arrays of ids). On a PUT only what
 * differs from the user as read is sent: a role written back unchanged keeps
 * the desk's own role ids, a field the desk cannot store passes when it only
 * repeats what was read. The password goes into the body only: no message
 * built here ever quotes it.
 */
export function toDeskBody(
  given: UserUpdateInput,
  mode: DeskWriteMode,
  context: DeskWriteContext,
): DeskUserBody {
  const problems: FieldProblem[] = [];
  const { current } = context;
  const input = current === undefined ? givenFields(given) : changedFields(given, current);
  for (const [field, why] of Object.entries(DESK_NOT_WRITABLE)) {
    const value = input[field as keyof UserWriteInput];
    // A null where the desk has no such field asks for what already holds.
    if (value !== undefined && !(value === null && field !== 'displayName'))
      problems.push({ field, message: why });
  }
  for (const field of DESK_REQUIRED[mode]) {
    if (given[field] === undefined)
      problems.push({
        field,
        message: `the desk requires ${field} on ${mode === 'create' ? 'create' : 'a full replace (PUT)'}`,
      });
  }

  const body: DeskUserBody = {};
  if (input.username !== undefined) body.username = input.username;
  if (input.password !== undefined) {
    if (input.password.length < DESK_MIN_PASSWORD)
      problems.push({
        field: 'password',
        message: `must be at least ${DESK_MIN_PASSWORD} characters`,
      });
    else body.password = input.password;
  }
  if (input.email !== undefined) body.email = input.email;
  if (input.firstName !== undefined) body.first_name = input.firstName;
  if (input.lastName !== undefined) body.last_name = input.lastName;

  if (input.status === 'deleted')
    problems.push({ field: 'status', message: 'the desk cannot delete users' });
  else if (input.status !== undefined) body.is_active = input.status === 'active' ? 1 : 0;
  if (input.role !== undefined) {
    try {
      body.roles = [idValue(context.roleId(input.role))];
    } catch (error) {
      // The refusal says how to configure DESK_ROLE_IDS; it joins the other problems.
      if (!(error instanceof InvalidRequestError)) throw error;
      problems.push({ field: 'role', message: error.message });
    }
  }

  if (input.language === null)
    problems.push({
      field: 'language',
      message: 'the desk always has a language: it cannot be cleared',
    });
  else if (input.language !== undefined) {
    const tag = (normalizeLanguage(input.language) ?? '').replace('-', '_');
    if (LANGUAGES.has(tag)) body.default_language = tag;
    else
      problems.push({
        field: 'language',
        message: `the desk offers ${[...LANGUAGES].map((l) => l.replace('_', '-')).join(', ')} only`,
      });
  }

  if (input.groups !== undefined) {
    const desks: (number | string)[] = [];
    const readOnly = (current?.groups ?? []).map((g) => g.id).filter(isReadOnlyGroup);
    input.groups.forEach((group, i) => {
      const match = DESK_GROUP.exec(group.id);
      if (isReadOnlyGroup(group.id)) {
        if (!readOnly.includes(group.id))
          problems.push({
            field: `groups[${i}].id`,
            message: `${group.id} is set at the desk itself (groups and "all desks" are not in its write body): only desk/<id> entries can be added`,
          });
      } else if (match) desks.push(idValue(match[1]));
      else
        problems.push({
          field: `groups[${i}].id`,
          message: 'only desks are writable at the desk: expected desk/<id>, e.g. desk/2',
        });
    });
    for (const id of readOnly)
      if (!input.groups.some((g) => g.id === id))
        problems.push({
          field: 'groups',
          message: `${id} is set at the desk itself and cannot be removed here: send it back as read`,
        });
    body.desks = desks;
  }

  if (problems.length > 0) {
    throw new InvalidRequestError(
      `The request breaks the desk's rules: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      {
        vendor: VENDOR,
        problems,
      },
    );
  }
  return body;
}
