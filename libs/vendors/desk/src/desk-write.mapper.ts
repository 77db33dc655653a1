import { normalizeLanguage } from '@userbridge/canonical';
import { FieldProblem, InvalidRequestError, UserWriteInput } from '@userbridge/vendor-core';
import { VENDOR } from './desk.mapper';
import { deskRoleIdFor } from './desk.roles';
import { DeskUserBody } from './desk.types';
import { DESK_MIN_PASSWORD, DESK_NOT_WRITABLE, DESK_REQUIRED } from './desk.write-rules';

export type DeskWriteMode = 'create' | 'replace';

/** The desk's languages (CommPeak's `default_language` values). */
const LANGUAGES = new Set(['en_US', 'es_ES', 'pt_BR', 'ru_RU']);
// 15 digits stay exact as JSON numbers (below 2^53), which is how the desk takes ids in bodies.
const DESK_GROUP = /^desk\/([0-9]{1,15})$/;

/**
 * Checks a canonical write against the desk's rules and builds its body
 * (flags as numbers, desks and roles as arrays of ids). The password goes into
 * the body only: no message built here ever quotes it.
 */
export function toDeskBody(input: UserWriteInput, mode: DeskWriteMode): DeskUserBody {
  const problems: FieldProblem[] = [];
  for (const [field, why] of Object.entries(DESK_NOT_WRITABLE)) {
    if (input[field as keyof UserWriteInput] !== undefined) problems.push({ field, message: why });
  }
  for (const field of DESK_REQUIRED[mode]) {
    if (input[field] === undefined)
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
  if (input.role !== undefined) body.roles = [deskRoleIdFor(input.role)];

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
    const desks: number[] = [];
    input.groups.forEach((group, i) => {
      const match = DESK_GROUP.exec(group.id);
      if (match) desks.push(Number(match[1]));
      else
        problems.push({
          field: `groups[${i}].id`,
          message: 'only desks are writable at the desk: expected desk/<id>, e.g. desk/2',
        });
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
