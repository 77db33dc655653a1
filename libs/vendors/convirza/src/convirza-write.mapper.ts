import { FieldProblem, InvalidRequestError, UserWriteInput } from '@userbridge/vendor-core';
import { VENDOR } from './convirza.envelope';
import { isValidConvirzaId } from './convirza.id';
import { roleRowFor } from './convirza.roles';
import { ConvirzaUserBody } from './convirza.types';
import { CONVIRZA_NOT_WRITABLE, CONVIRZA_REQUIRED } from './convirza.write-rules';

export type WriteMode = 'create' | 'replace' | 'patch';

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

/**
 * Checks a canonical write against Convirza's rules and builds its body. PUT
 * replaces every field, so optional fields the caller left out are cleared
 * (sent as null); PATCH sends only what was given.
 */
export function toConvirzaBody(input: UserWriteInput, mode: WriteMode): ConvirzaUserBody {
  const problems: FieldProblem[] = [];
  for (const [field, why] of Object.entries(CONVIRZA_NOT_WRITABLE)) {
    if (input[field as keyof UserWriteInput] !== undefined) problems.push({ field, message: why });
  }

  const body: ConvirzaUserBody = {};
  if (input.email !== undefined) body.username = input.email;
  for (const [field, key] of [
    ['firstName', 'first_name'],
    ['lastName', 'last_name'],
  ] as const) {
    const value = input[field];
    if (value === null)
      problems.push({ field, message: 'Convirza requires a name: it cannot be cleared' });
    else if (value !== undefined) body[key] = value;
  }
  const orgUnit = orgUnitOf(input, problems);
  if (orgUnit !== undefined) body.ct_user_ou_id = orgUnit;
  if (input.role !== undefined) {
    const row = roleRowFor(input.role);
    if (row) body.role = row.name;
    else
      problems.push({
        field: 'role',
        message: `Convirza has no "${input.role}" role: use admin, member or read_only`,
      });
  }
  if (input.status === 'deleted')
    problems.push({ field: 'status', message: 'use DELETE to delete a Convirza user' });
  else if (input.status !== undefined) body.user_status = input.status;

  const optional = {
    user_ext_id: input.externalId,
    timezone: input.timezone,
    agent_ring_to: input.phone,
  };
  for (const [key, value] of Object.entries(optional) as [
    keyof typeof optional,
    string | null | undefined,
  ][]) {
    if (value !== undefined) body[key] = value;
    else if (mode === 'replace') body[key] = null;
  }

  for (const entry of CONVIRZA_REQUIRED[mode]) {
    const fields: readonly (keyof UserWriteInput)[] = typeof entry === 'string' ? [entry] : entry;
    if (fields.every((field) => input[field] === undefined)) {
      const what = fields.length > 1 ? 'the org unit (groups[0].id or orgUnitId)' : fields[0];
      problems.push({
        field: fields[0],
        message: `Convirza requires ${what} on ${mode === 'create' ? 'create' : 'a full replace (PUT)'}`,
      });
    }
  }
  if (mode === 'patch' && Object.keys(body).length === 0 && problems.length === 0) {
    problems.push({ field: 'body', message: 'give at least one field to change' });
  }
  if (problems.length > 0) {
    throw new InvalidRequestError(
      `The request breaks Convirza's rules: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      {
        vendor: VENDOR,
        problems,
      },
    );
  }
  return body;
}
