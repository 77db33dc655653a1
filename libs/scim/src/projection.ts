import type { ScimAttributeDefinition, ScimUserSchema } from './schema/attribute.types';
import { SCIM_COMMON_ATTRIBUTES, SCIM_FULL_USER_SCHEMA } from './schema/user-schema';
import { SCIM_USER_SCHEMA } from './urns';

export interface ScimProjection {
  /** `attributes` as given in a query (comma-separated) or already split. */
  attributes?: string | readonly string[];
  excludedAttributes?: string | readonly string[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const keyOf = (object: Json, name: string): string | undefined =>
  Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());

function names(list: string | readonly string[] | undefined): string[] {
  const all = typeof list === 'string' ? list.split(',') : (list ?? []);
  return all.map((name) => name.trim()).filter((name) => name !== '');
}

/** Where a requested name points: the resource or an extension object, an attribute (null: the whole extension), a sub-attribute. */
interface Target {
  extension: string | null;
  attribute: string | null;
  sub: string | null;
}

function target(name: string, extensions: readonly string[]): Target {
  let extension: string | null = null;
  let rest = name;
  const lower = name.toLowerCase();
  for (const urn of [SCIM_USER_SCHEMA, ...extensions]) {
    const key = urn.toLowerCase();
    if (lower === key)
      return urn === SCIM_USER_SCHEMA
        ? { extension: null, attribute: null, sub: null }
        : { extension: urn, attribute: null, sub: null };
    if (lower.startsWith(`${key}:`)) {
      extension = urn === SCIM_USER_SCHEMA ? null : urn;
      rest = name.slice(key.length + 1);
      break;
    }
  }
  const dot = rest.indexOf('.');
  return dot < 0
    ? { extension, attribute: rest, sub: null }
    : { extension, attribute: rest.slice(0, dot), sub: rest.slice(dot + 1) };
}

/** Only `sub` of a complex value or of each element of a multi-valued one. */
function onlySub(value: unknown, sub: string): unknown {
  if (Array.isArray(value)) {
    const kept = value
      .map((element) => onlySub(element, sub))
      .filter((element) => element !== undefined);
    return kept.length > 0 ? kept : undefined;
  }
  if (!isObject(value)) return undefined;
  const key = keyOf(value, sub);
  return key === undefined ? undefined : { [key]: value[key] };
}

function withoutSub(value: unknown, sub: string): unknown {
  if (Array.isArray(value)) return value.map((element) => withoutSub(element, sub));
  if (!isObject(value)) return value;
  const key = keyOf(value, sub);
  if (key === undefined) return value;
  const { [key]: _gone, ...rest } = value;
  return rest;
}

/** Merges a projected piece into what is kept already (`name.givenName` then `name.familyName`). */
function merge(into: unknown, piece: unknown): unknown {
  if (isObject(into) && isObject(piece)) return { ...into, ...piece };
  if (Array.isArray(into) && Array.isArray(piece))
    return into.map((element, i) => merge(element, piece[i]));
  return piece;
}

function alwaysAndNever(schema: ScimUserSchema): { always: string[]; never: string[] } {
  const defs: ScimAttributeDefinition[] = [...SCIM_COMMON_ATTRIBUTES, ...schema.core.attributes];
  return {
    always: ['schemas', ...defs.filter((d) => d.returned === 'always').map((d) => d.name)],
    never: SCIM_FULL_USER_SCHEMA.core.attributes
      .filter((d) => d.returned === 'never')
      .map((d) => d.name),
  };
}

/**
 * RFC 7644 §3.4.2.5 / §3.9: keeps only `attributes` (or drops
 * `excludedAttributes`; `attributes` wins when both are given). Names are
 * case-insensitive, may carry a schema URN (`urn:…:enterprise:2.0:User:department`,
 * or an extension's URN alone for all of it) and may name a sub-attribute
 * (`name.givenName`, `emails.value`). `id` and `schemas` are always
 * returned, `password` never; unknown names select nothing. Returns a new object.
 */
export function projectAttributes(
  resource: Readonly<Record<string, unknown>>,
  projection: ScimProjection,
  schema: ScimUserSchema = SCIM_FULL_USER_SCHEMA,
): Record<string, unknown> {
  const extensions = SCIM_FULL_USER_SCHEMA.extensions.map((e) => e.id);
  const { always, never } = alwaysAndNever(schema);
  const source: Json = { ...resource };
  for (const name of never) {
    const key = keyOf(source, name);
    if (key !== undefined) delete source[key];
  }
  const wanted = names(projection.attributes);
  const excluded = names(projection.excludedAttributes);

  if (wanted.length > 0) {
    const out: Json = {};
    for (const name of always) {
      const key = keyOf(source, name);
      if (key !== undefined) out[key] = source[key];
    }
    for (const name of wanted) {
      const t = target(name, extensions);
      const holder = t.extension === null ? source : source[keyOf(source, t.extension) ?? ''];
      if (!isObject(holder)) continue;
      if (t.attribute === null) {
        const key = keyOf(source, t.extension ?? '');
        if (key !== undefined) out[key] = merge(out[key], holder);
        continue;
      }
      const key = keyOf(holder, t.attribute);
      if (key === undefined) continue;
      const piece = t.sub === null ? holder[key] : onlySub(holder[key], t.sub);
      if (piece === undefined) continue;
      if (t.extension === null) out[key] = merge(out[key], piece);
      else {
        const extensionKey = keyOf(source, t.extension) as string;
        const extension = isObject(out[extensionKey]) ? (out[extensionKey] as Json) : {};
        out[extensionKey] = { ...extension, [key]: merge(extension[key], piece) };
      }
    }
    return out;
  }

  const out: Json = structuredClone(source);
  for (const name of excluded) {
    const t = target(name, extensions);
    if (t.extension === null && t.attribute !== null && t.sub === null) {
      if (always.some((a) => a.toLowerCase() === t.attribute?.toLowerCase())) continue;
    }
    const holderKey = t.extension === null ? null : keyOf(out, t.extension);
    if (t.attribute === null) {
      if (holderKey) delete out[holderKey];
      continue;
    }
    const holder = holderKey === null ? out : out[holderKey ?? ''];
    if (!isObject(holder)) continue;
    const key = keyOf(holder, t.attribute);
    if (key === undefined) continue;
    if (t.sub === null) delete holder[key];
    else holder[key] = withoutSub(holder[key], t.sub);
    if (holderKey && Object.keys(holder).length === 0) delete out[holderKey];
  }
  return out;
}
