import { namesFromFullName, namesFromParts } from '@userbridge/canonical';
import { FieldProblem, InvalidRequestError } from '@userbridge/errors';
import {
  changedFields,
  UserUpdateInput,
  UserWriteInput,
  VendorUserRecord,
} from '@userbridge/vendor-core';
import { VENDOR } from './credira.envelope';
import { CREDIRA_ROLE_TEXT } from './credira.roles';
import { CrediraMetadataBody, CrediraUserBody } from './credira.types';

export type WriteMode = 'create' | 'replace' | 'patch';

/** Canonical fields Credira has no writable place for: refused by name, never dropped silently. */
export const CREDIRA_NOT_WRITABLE: Partial<Record<keyof UserWriteInput, string>> = {
  username: 'Credira users have no username',
  password: 'Credira users have no password the gateway can set',
  groups: "a Credira user's account is set by Credira, not writable",
  orgUnitId: 'Credira users have no org unit',
};

function fail(problems: FieldProblem[]): never {
  throw new InvalidRequestError(
    `The request breaks Credira's rules: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    {
      vendor: VENDOR,
      problems,
    },
  );
}

/**
 * Credira keeps one full name. A displayName is that name; first and last
 * names are joined. On a PATCH both parts must come together, since changing
 * one alone would need the other from a read, which a concurrent write could
 * make stale.
 */
function nameOf(
  input: UserWriteInput,
  mode: WriteMode,
  problems: FieldProblem[],
): string | undefined {
  const { displayName, firstName, lastName } = input;
  const partsGiven = firstName !== undefined || lastName !== undefined;
  const joined = namesFromParts(firstName, lastName).displayName;
  if (displayName === null) {
    problems.push({
      field: 'displayName',
      message: 'Credira requires a name: it cannot be cleared',
    });
    return undefined;
  }
  if (displayName !== undefined) {
    const name = namesFromFullName(displayName).displayName;
    if (name === null) problems.push({ field: 'displayName', message: 'must not be blank' });
    else if (partsGiven && joined !== name) {
      problems.push({
        field: 'displayName',
        message:
          'differs from firstName + lastName: Credira stores one full name, give one or the other',
      });
    }
    return name ?? undefined;
  }
  if (!partsGiven) return undefined;
  if (mode === 'patch' && (firstName === undefined || lastName === undefined)) {
    problems.push({
      field: firstName === undefined ? 'firstName' : 'lastName',
      message:
        'Credira stores one full name: give displayName, or firstName and lastName together (lastName null for a single name)',
    });
    return undefined;
  }
  if (joined === null)
    problems.push({ field: 'firstName', message: 'Credira requires a name: it cannot be cleared' });
  return joined ?? undefined;
}

function statusOf(
  input: UserWriteInput,
  mode: WriteMode,
  body: CrediraUserBody,
  problems: FieldProblem[],
): void {
  const { status } = input;
  if (status === undefined) return;
  if (status === 'deleted')
    problems.push({ field: 'status', message: 'use DELETE to delete a Credira user' });
  // Create has no status field; a new Credira user is active (ASSUMPTION), so only "active" can be honoured.
  else if (mode === 'create' && status !== 'active') {
    problems.push({
      field: 'status',
      message: 'a new Credira user is active: create it, then change its status',
    });
  } else if (mode !== 'create') body.status = status;
}

/** timezone, language and externalId live in Credira's `metadata`; null clears, except on create where there is nothing to clear. */
function metadataOf(input: UserWriteInput, mode: WriteMode): CrediraMetadataBody | undefined {
  const metadata: CrediraMetadataBody = {};
  const given = {
    timezone: input.timezone,
    language: input.language,
    external_id: input.externalId,
  };
  for (const [key, value] of Object.entries(given) as [
    keyof typeof given,
    string | null | undefined,
  ][]) {
    if (value === undefined || (value === null && mode === 'create')) continue;
    metadata[key] = value;
  }
  return Object.keys(metadata).length > 0 ? metadata : undefined;
}

/**
 * Checks a canonical write against Credira's rules, before any call, and
 * builds the POST or PUT body. Credira's PUT changes only the fields it is
 * given (ASSUMPTION, docs/vendor-contracts.md), so replace and patch both send
 * exactly what was given; nothing left out is cleared.
 */
export function toCrediraBody(input: UserWriteInput, mode: WriteMode): CrediraUserBody {
  const problems: FieldProblem[] = [];
  const body: CrediraUserBody = {};

  if (input.email !== undefined) {
    if (mode === 'create') body.email = input.email;
    else
      problems.push({ field: 'email', message: "Credira does not allow changing a user's email" });
  }
  const name = nameOf(input, mode, problems);
  if (name !== undefined) body.name = name;
  if (input.company !== undefined) {
    const company = input.company.trim();
    if (mode !== 'create')
      problems.push({
        field: 'company',
        message: "a Credira user's company is set on create only",
      });
    else if (company.length === 0)
      problems.push({ field: 'company', message: 'must not be blank' });
    else body.company = company;
  }
  for (const [field, why] of Object.entries(CREDIRA_NOT_WRITABLE)) {
    if (input[field as keyof UserWriteInput] !== undefined) problems.push({ field, message: why });
  }

  if (input.role !== undefined) body.role = CREDIRA_ROLE_TEXT[input.role];
  if (input.department !== undefined && !(input.department === null && mode === 'create'))
    body.department = input.department;
  if (input.phone !== undefined && !(input.phone === null && mode === 'create'))
    body.phone = input.phone;
  statusOf(input, mode, body, problems);
  if (input.permissions !== undefined) {
    if (mode === 'create')
      problems.push({
        field: 'permissions',
        message: "Credira's create takes no permissions: create the user, then set them",
      });
    else body.permissions = [...input.permissions];
  }
  const metadata = metadataOf(input, mode);
  if (metadata !== undefined) body.metadata = metadata;

  if (mode === 'create') {
    if (input.email === undefined)
      problems.push({ field: 'email', message: 'Credira requires email on create' });
    if (
      name === undefined &&
      !problems.some((p) => ['displayName', 'firstName', 'lastName'].includes(p.field))
    ) {
      problems.push({
        field: 'displayName',
        message: 'Credira requires a name on create: give displayName, or firstName and lastName',
      });
    }
    if (input.company === undefined)
      problems.push({ field: 'company', message: 'Credira requires company on create' });
  } else if (Object.keys(body).length === 0 && problems.length === 0) {
    problems.push({ field: 'body', message: 'give at least one field to change' });
  }
  if (problems.length > 0) fail(problems);
  return body;
}

/**
 * A PUT or PATCH: only what differs from the user as read (`current`) is
 * sent, so Credira's own values the canonical model only approximates (a
 * `suspended` status reads as inactive, `billing_manager` as manager) stay
 * when the write does not change them, and a field Credira cannot store passes
 * when it only repeats what was read. Null when nothing changes.
 */
export function toCrediraUpdate(
  input: UserUpdateInput,
  mode: Exclude<WriteMode, 'create'>,
  current: VendorUserRecord['user'],
): CrediraUserBody | null {
  if (Object.values(input).every((v) => v === undefined))
    fail([{ field: 'body', message: 'give at least one field to change' }]);
  const changes = changedFields(input, current);
  if (Object.keys(changes).length === 0) return null;
  // One full name at Credira: a changed part is joined with the other part as
  // given, even when that part repeats what was read, never sent alone.
  if (changes.firstName !== undefined || changes.lastName !== undefined) {
    if (changes.firstName === undefined && input.firstName !== undefined)
      changes.firstName = input.firstName;
    if (changes.lastName === undefined && input.lastName !== undefined)
      changes.lastName = input.lastName;
  }
  return toCrediraBody(changes, mode);
}
