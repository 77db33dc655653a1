import { parseRawPath, RawFilter } from '../filter/grammar';
import { ScimError } from '../scim.error';
import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_PATCH_OP, SCIM_USER_SCHEMA } from '../urns';
import type {
  ScimPatchOpName,
  ScimPatchOperation,
  ScimPatchPath,
  ScimPathFilter,
} from './patch.types';

/** Schemas whose URN may prefix a path (RFC 7644 §3.10). */
export const PATH_SCHEMAS = [SCIM_USER_SCHEMA, SCIM_ENTERPRISE_USER_SCHEMA] as const;

const OPS: Record<string, ScimPatchOpName> = { add: 'add', replace: 'replace', remove: 'remove' };

function invalidPath(detail: string): never {
  throw new ScimError(400, 'invalidPath', detail);
}

function pathFilter(raw: RawFilter, text: string): ScimPathFilter {
  switch (raw.kind) {
    case 'and':
    case 'or':
      return {
        kind: raw.kind,
        left: pathFilter(raw.left, text),
        right: pathFilter(raw.right, text),
      };
    case 'not':
      return { kind: 'not', filter: pathFilter(raw.filter, text) };
    case 'present':
      return { kind: 'present', attribute: raw.path };
    case 'compare':
      if (raw.value === null) {
        if (raw.operator === 'eq')
          return { kind: 'not', filter: { kind: 'present', attribute: raw.path } };
        if (raw.operator === 'ne') return { kind: 'present', attribute: raw.path };
        invalidPath(`The path "${text}" compares ${raw.path} with null: use "${raw.path} pr"`);
      }
      return { kind: 'compare', attribute: raw.path, operator: raw.operator, value: raw.value };
    case 'valuePath':
      return invalidPath(`The path "${text}" nests a value filter in another`);
  }
}

/**
 * Parses a PATCH `path` or a key of a no-path value object:
 * `[urn:…:]attribute[.sub]` or `[urn:…:]attribute[filter][.sub]`; a schema
 * URN alone gives `attribute: ''` (the whole extension).
 * @throws ScimError 400 invalidPath.
 */
export function parsePatchPath(text: string): ScimPatchPath {
  if (typeof text !== 'string' || text.trim() === '') invalidPath('A PATCH path is empty');
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  let schema: string | null = null;
  let rest = trimmed;
  for (const urn of PATH_SCHEMAS) {
    const key = urn.toLowerCase();
    if (lower === key)
      return { text, schema: urn, attribute: '', filter: null, subAttribute: null };
    if (lower.startsWith(`${key}:`)) {
      schema = urn;
      rest = trimmed.slice(key.length + 1);
      break;
    }
  }
  if (schema === null && lower.startsWith('urn:'))
    invalidPath(`The path "${text}" names a schema this endpoint does not serve`);
  const raw = parseRawPath(rest);
  const dot = raw.path.indexOf('.');
  if (dot >= 0 && raw.filter !== null)
    invalidPath(`The path "${text}" puts a filter after a sub-attribute`);
  const attribute = dot >= 0 ? raw.path.slice(0, dot) : raw.path;
  const sub = dot >= 0 ? raw.path.slice(dot + 1) : raw.sub;
  const name = /^[A-Za-z$][\w$-]*$/;
  if (!name.test(attribute) || (sub !== null && !name.test(sub)))
    invalidPath(`The path "${text}" is not an attribute path`);
  return {
    text,
    schema,
    attribute,
    filter: raw.filter === null ? null : pathFilter(raw.filter, text),
    subAttribute: sub,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A message member by name, in any case (RFC 7643 §2.1: attribute names are case-insensitive). */
function member(body: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : body[key];
}

function invalidSyntax(detail: string): never {
  throw new ScimError(400, 'invalidSyntax', detail);
}

/**
 * Checks a PATCH body (RFC 7644 §3.5.2): `schemas` names PatchOp,
 * `Operations` is a non-empty array, each `op` is add/replace/remove in any
 * case, each `path` parses, add and replace carry a `value`.
 * @throws ScimError 400 invalidSyntax, invalidPath, or noTarget (a remove without a path).
 */
export function parsePatchOperations(body: unknown): ScimPatchOperation[] {
  if (!isObject(body)) invalidSyntax('A PATCH body is a JSON object');
  const schemas = member(body, 'schemas');
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === SCIM_PATCH_OP.toLowerCase())
  )
    invalidSyntax(`A PATCH body's schemas must be ["${SCIM_PATCH_OP}"]`);
  const operations = member(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0)
    invalidSyntax('A PATCH body needs a non-empty Operations array');
  return operations.map((operation, i): ScimPatchOperation => {
    const where = `Operations[${i}]`;
    if (!isObject(operation)) invalidSyntax(`${where} is not an object`);
    const opText = member(operation, 'op');
    const op = typeof opText === 'string' ? OPS[opText.toLowerCase()] : undefined;
    if (op === undefined)
      invalidSyntax(
        `${where}.op must be add, replace or remove, not ${JSON.stringify(opText ?? null)}`,
      );
    const pathText = member(operation, 'path');
    if (pathText !== undefined && typeof pathText !== 'string')
      invalidPath(`${where}.path must be a string`);
    const path = pathText === undefined ? null : parsePatchPath(pathText);
    const hasValue = Object.keys(operation).some((k) => k.toLowerCase() === 'value');
    const value = member(operation, 'value');
    if (op === 'remove') {
      if (path === null)
        throw new ScimError(400, 'noTarget', `${where}: a remove needs a path (RFC 7644 §3.5.2.2)`);
      return hasValue ? { op, path, value } : { op, path };
    }
    if (!hasValue) invalidSyntax(`${where}: ${op} needs a value`);
    if (path === null && !isObject(value))
      throw new ScimError(
        400,
        'invalidValue',
        `${where}: ${op} without a path needs an object of attributes as its value`,
      );
    return { op, path, value };
  });
}
