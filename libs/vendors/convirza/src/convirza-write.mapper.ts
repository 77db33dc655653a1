import { FieldProblem, InvalidRequestError } from '@userbridge/errors';
import {
  changedFields,
  UserUpdateInput,
  UserWriteInput,
  VendorUserRecord,
} from '@userbridge/vendor-core';
import { VENDOR } from './convirza.envelope';
import { isValidConvirzaId } from './convirza.id';
import { roleRowFor } from './convirza.roles';
import { CONVIRZA_PERMISSIONS, ConvirzaUserBody } from './convirza.types';

export type WriteMode = 'create' | 'replace' | 'patch';

/** Canonical fields Convirza has no place for: refused by name, never dropped silently. */
export const CONVIRZA_NOT_WRITABLE: Partial<Record<keyof UserWriteInput, string>> = {
  username: "Convirza's username is the email address: send email instead",
  displayName: 'Convirza stores first and last names only: send firstName and lastName',
  language: 'Convirza users have no language setting',
  password: 'Convirza sets a temporary password itself on create',
  company: 'Convirza users have no company',
  department: 'Convirza users have no department',
};

/** What each mode requires, in canonical field names. */
export const CONVIRZA_REQUIRED: Record<WriteMode, readonly string[]> = {
  create: ['email', 'firstName', 'lastName', 'orgUnitId', 'role'],
  replace: ['email', 'firstName', 'lastName', 'orgUnitId', 'role', 'status'],
  patch: [],
};

function orgUnitOf(input: UserWriteInput, problems: FieldProblem[]): number | undefined {
  const fromGroups = input.groups;
  if (fromGroups !== undefined && fromGroups.length !== 1) {
    problems.push({
      field: 'groups',
      message: 'a Convirza user belongs to exactly one org unit: give one group',
    });
    return undefined;
  }
  const groupId = fromGroups?.[0]?.id;
  if (groupId !== undefined && !isValidConvirzaId(groupId)) {
    problems.push({
      field: 'groups[0].id',
      message: 'a Convirza org unit id is a positive integer',
    });
    return undefined;
  }
  const explicit = input.orgUnitId;
  if (explicit !== undefined && (!Number.isSafeInteger(explicit) || explicit < 1)) {
    problems.push({ field: 'orgUnitId', message: 'must be a positive integer' });
    return undefined;
  }
  if (explicit !== undefined && groupId !== undefined && Number(groupId) !== explicit) {
    problems.push({ field: 'orgUnitId', message: 'differs from groups[0].id: give one of them' });
    return undefined;
  }
  return explicit ?? (groupId === undefined ? undefined : Number(groupId));
}

/** The documented body fields a full update carries, in the order the Update User page shows them. */
const DOCUMENTED_FIELDS = [
  'username',
  'first_name',
  'last_name',
  'role',
  'role_id',
  'user_ext_id',
  'user_status',
  'aliases',
  'timezone',
  'agent_ring_to',
  'agent_code',
  'ct_user_ou_id',
  'score_call',
  'access_audio',
] as const;

function fail(problems: FieldProblem[]): never {
  throw new InvalidRequestError(
    `The request breaks Convirza's rules: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    { vendor: VENDOR, problems },
  );
}

/**
 * `score_call` and `access_audio` are the permissions a Convirza user has
 * (the Create page: "enable scorecard and audio playback access"); a
 * permissions list names those that are on, so each flag is set from it.
 */
function permissionFlags(
  permissions: readonly string[],
  problems: FieldProblem[],
): Pick<ConvirzaUserBody, 'score_call' | 'access_audio'> {
  const unknown = permissions.filter(
    (p) => !(CONVIRZA_PERMISSIONS as readonly string[]).includes(p),
  );
  if (unknown.length > 0)
    problems.push({
      field: 'permissions',
      message: `Convirza users have the permissions ${CONVIRZA_PERMISSIONS.join(' and ')} only (not ${unknown.join(', ')})`,
    });
  return {
    score_call: permissions.includes('score_call'),
    access_audio: permissions.includes('access_audio'),
  };
}

/** The fields a write sets, checked; `changes` holds only what differs from the user as read. */
function fieldsOf(changes: UserWriteInput, problems: FieldProblem[]): ConvirzaUserBody {
  for (const [field, why] of Object.entries(CONVIRZA_NOT_WRITABLE)) {
    const value = changes[field as keyof UserWriteInput];
    // A null where Convirza has no such field asks for what already holds.
    if (value !== undefined && !(value === null && field !== 'displayName'))
      problems.push({ field, message: why });
  }
  const body: ConvirzaUserBody = {};
  if (changes.email !== undefined) body.username = changes.email;
  for (const [field, key] of [
    ['firstName', 'first_name'],
    ['lastName', 'last_name'],
  ] as const) {
    const value = changes[field];
    if (value === null)
      problems.push({ field, message: 'Convirza requires a name: it cannot be cleared' });
    else if (value !== undefined) body[key] = value;
  }
  const orgUnit = orgUnitOf(changes, problems);
  if (orgUnit !== undefined) body.ct_user_ou_id = orgUnit;
  if (changes.role !== undefined) {
    const row = roleRowFor(changes.role);
    if (row) {
      // The Create page's rule names role_id, its example sends role by name: both, agreeing.
      body.role = row.name;
      body.role_id = row.id;
    } else
      problems.push({
        field: 'role',
        message: `Convirza has no "${changes.role}" role: use admin, member or read_only`,
      });
  }
  if (changes.status === 'deleted')
    problems.push({ field: 'status', message: 'use DELETE to delete a Convirza user' });
  else if (changes.status !== undefined) body.user_status = changes.status;
  if (changes.externalId !== undefined) body.user_ext_id = changes.externalId;
  if (changes.timezone !== undefined) body.timezone = changes.timezone;
  if (changes.phone !== undefined) body.agent_ring_to = changes.phone;
  if (changes.permissions !== undefined)
    Object.assign(body, permissionFlags(changes.permissions, problems));
  return body;
}

function requireFields(input: UserUpdateInput, mode: WriteMode, problems: FieldProblem[]): void {
  const given: Record<string, boolean> = {
    email: input.email !== undefined,
    firstName: input.firstName !== undefined,
    lastName: input.lastName !== undefined,
    orgUnitId: input.orgUnitId !== undefined || input.groups !== undefined,
    role: input.role !== undefined,
    status: input.status !== undefined,
  };
  for (const field of CONVIRZA_REQUIRED[mode]) {
    if (!given[field]) {
      const what = field === 'orgUnitId' ? 'the org unit (groups[0].id or orgUnitId)' : field;
      problems.push({
        field,
        message: `Convirza requires ${what} on ${mode === 'create' ? 'create' : 'a full replace (PUT)'}`,
      });
    }
  }
}

/** Checks a canonical create against Convirza's rules and builds the Create User body. */
export function toConvirzaBody(input: UserWriteInput): ConvirzaUserBody {
  const problems: FieldProblem[] = [];
  const body = fieldsOf(input, problems);
  requireFields(input, 'create', problems);
  if (problems.length > 0) fail(problems);
  return body;
}

export interface ConvirzaCurrent {
  /** The Get User `data` as read, untouched. */
  raw: Record<string, unknown>;
  user: VendorUserRecord['user'];
}

/**
 * A PUT or PATCH as the whole documented body: the user as read, with the
 * caller's canonical changes laid over it. Fields the canonical model does
 * not carry (`score_call`, `access_audio`, `agent_code`, `aliases`, an
 * `agent_ring_to` that did not parse, …) go back as they were read, so the
 * Update page's "all fields in the request body overwrite the existing values"
 * never resets them. A PATCH leaves out fields that read null, so it never
 * sends null for a field the caller did not name. Null when nothing changes:
 * then no write is needed.
 */
export function toConvirzaUpdate(
  input: UserUpdateInput,
  mode: Exclude<WriteMode, 'create'>,
  current: ConvirzaCurrent,
): ConvirzaUserBody | null {
  const problems: FieldProblem[] = [];
  if (mode === 'patch' && Object.values(input).every((v) => v === undefined))
    problems.push({ field: 'body', message: 'give at least one field to change' });
  requireFields(input, mode, problems);
  const changes = changedFields(input, current.user);
  const body = fieldsOf(changes, problems);
  if (problems.length > 0) fail(problems);
  if (Object.keys(body).length === 0) return null;

  const { raw } = current;
  const asRead: Record<string, unknown> = {};
  for (const key of DOCUMENTED_FIELDS) {
    const value = key === 'role' ? (raw.role_name ?? null) : (raw[key] ?? null);
    if (mode === 'patch' && value === null) continue;
    asRead[key] = value;
  }
  return { ...asRead, ...body } as ConvirzaUserBody;
}
