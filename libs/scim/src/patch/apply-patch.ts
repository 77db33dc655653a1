import { ScimError } from '../scim.error';
import type { ScimAttributeDefinition, ScimUserSchema } from '../schema/attribute.types';
import { SCIM_COMMON_ATTRIBUTES, SCIM_FULL_USER_SCHEMA } from '../schema/user-schema';
import { SCIM_USER_SCHEMA } from '../urns';
import { parsePatchPath, PATH_SCHEMAS } from './parse-patch';
import type {
  ScimPatchOpName,
  ScimPatchOperation,
  ScimPatchOptions,
  ScimPatchPath,
  ScimPatchResult,
  ScimPathFilter,
} from './patch.types';

export { parsePatchOperations, parsePatchPath } from './parse-patch';

type Json = Record<string, unknown>;
type Def = ScimAttributeDefinition;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const lower = (text: string) => text.toLowerCase();
const find = (defs: readonly Def[] | undefined, name: string): Def | undefined =>
  defs?.find((d) => lower(d.name) === lower(name));

/** The key an object already uses for a name (any case), else the canonical name. */
function keyOf(object: Json, name: string): string {
  return Object.keys(object).find((k) => lower(k) === lower(name)) ?? name;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const other = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === other.length && keys.every((k) => deepEqual(a[k], b[keyOf(b, k)]));
  }
  return false;
}

const invalidValue = (detail: string): never => {
  throw new ScimError(400, 'invalidValue', detail);
};
const invalidPath = (detail: string): never => {
  throw new ScimError(400, 'invalidPath', detail);
};

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

function scalar(def: Def, value: unknown, where: string): unknown {
  switch (def.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      // Entra sends "True" / "False".
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
        return lower(value.trim()) === 'true';
      return invalidValue(`${where} must be a boolean, not ${JSON.stringify(value)}`);
    case 'integer':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      return invalidValue(`${where} must be an integer`);
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      return invalidValue(`${where} must be a number`);
    case 'dateTime':
      if (typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))
        return value;
      return invalidValue(`${where} must be a date-time such as "2026-01-31T12:00:00Z"`);
    case 'complex':
      return invalidValue(`${where} is complex: give an object`);
    default:
      if (typeof value === 'string') return value;
      return invalidValue(`${where} must be a string, not ${JSON.stringify(value)}`);
  }
}

class Patcher {
  readonly ignored: string[] = [];

  constructor(
    readonly resource: Json,
    private readonly schema: ScimUserSchema,
    private readonly options: ScimPatchOptions,
  ) {}

  /** An attribute RFC 7643 defines that this connection does not hold. */
  private unheld(where: string): void {
    if (this.options.unheld === 'ignore') {
      this.ignored.push(where);
      return;
    }
    invalidPath(`"${where}" is not held by this connection (see its /Schemas)`);
  }

  private definitions(schemaUrn: string | null): { full: readonly Def[]; held: readonly Def[] } {
    if (schemaUrn === null || schemaUrn === SCIM_USER_SCHEMA)
      return {
        full: [...SCIM_COMMON_ATTRIBUTES, ...SCIM_FULL_USER_SCHEMA.core.attributes],
        held: [...SCIM_COMMON_ATTRIBUTES, ...this.schema.core.attributes],
      };
    return {
      full: SCIM_FULL_USER_SCHEMA.extensions.find((e) => e.id === schemaUrn)?.attributes ?? [],
      held: this.schema.extensions.find((e) => e.id === schemaUrn)?.attributes ?? [],
    };
  }

  /** One value of an attribute (an element, for a multi-valued one), checked and in canonical names. */
  private single(def: Def, held: Def, value: unknown, where: string): unknown {
    if (def.type !== 'complex') return scalar(def, value, where);
    // Entra sends the enterprise manager as its id alone: `"value": "<id>"`.
    if (typeof value === 'string' && !def.multiValued && find(def.subAttributes, 'value'))
      return this.single(def, held, { value }, where);
    if (!isObject(value)) return invalidValue(`${where} must be an object`);
    const out: Json = {};
    for (const [key, item] of Object.entries(value)) {
      const sub = find(def.subAttributes, key);
      if (!sub) return invalidValue(`${where} has no sub-attribute "${key}"`);
      // Read-only sub-attributes (manager.displayName) are the server's: a client's copy is ignored.
      if (sub.mutability === 'readOnly' || item === null || item === undefined) continue;
      if (!find(held.subAttributes, sub.name)) {
        this.unheld(`${where}.${sub.name}`);
        continue;
      }
      out[sub.name] = scalar(sub, item, `${where}.${sub.name}`);
    }
    return out;
  }

  private elements(def: Def, held: Def, value: unknown, where: string): unknown[] {
    const list = Array.isArray(value) ? value : [value];
    return list
      .filter((item) => item !== null)
      .map((item, i) => this.single(def, held, item, `${where}[${i}]`));
  }

  /** Whether an element satisfies a path filter; names are the attribute's sub-attributes. */
  private matches(def: Def, filter: ScimPathFilter, element: unknown, where: string): boolean {
    if (!isObject(element)) return false;
    switch (filter.kind) {
      case 'and':
        return (
          this.matches(def, filter.left, element, where) &&
          this.matches(def, filter.right, element, where)
        );
      case 'or':
        return (
          this.matches(def, filter.left, element, where) ||
          this.matches(def, filter.right, element, where)
        );
      case 'not':
        return !this.matches(def, filter.filter, element, where);
      case 'present': {
        const sub = this.filterSub(def, filter.attribute, where);
        const value = element[keyOf(element, sub.name)];
        return value !== undefined && value !== null && value !== '';
      }
      case 'compare': {
        const sub = this.filterSub(def, filter.attribute, where);
        if (filter.operator === 'ne')
          return !this.matches(def, { ...filter, operator: 'eq' }, element, where);
        const actual = element[keyOf(element, sub.name)];
        if (actual === undefined || actual === null) return false;
        if (sub.type === 'boolean') {
          const wanted = scalar(sub, filter.value, where);
          if (filter.operator !== 'eq') invalidPath(`${where}: ${sub.name} takes eq or ne only`);
          return actual === wanted;
        }
        if (typeof actual === 'number' && typeof filter.value === 'number') {
          const [a, b] = [actual, filter.value];
          return compareOrdered(filter.operator, a === b ? 0 : a < b ? -1 : 1);
        }
        let a = String(actual);
        let b = String(filter.value);
        if (!sub.caseExact) [a, b] = [lower(a), lower(b)];
        switch (filter.operator) {
          case 'eq':
            return a === b;
          case 'co':
            return a.includes(b);
          case 'sw':
            return a.startsWith(b);
          case 'ew':
            return a.endsWith(b);
          default:
            return compareOrdered(filter.operator, a === b ? 0 : a < b ? -1 : 1);
        }
      }
    }
  }

  private filterSub(def: Def, name: string, where: string): Def {
    return (
      find(def.subAttributes, name) ??
      invalidPath(`${where}: "${def.name}" has no sub-attribute "${name}"`)
    );
  }

  /** `type eq "work" and primary eq true` → `{ type: "work", primary: true }`; null for any other filter. */
  private equalities(def: Def, filter: ScimPathFilter, where: string): Json | null {
    if (filter.kind === 'compare' && filter.operator === 'eq') {
      const sub = this.filterSub(def, filter.attribute, where);
      return { [sub.name]: scalar(sub, filter.value, where) };
    }
    if (filter.kind === 'and') {
      const left = this.equalities(def, filter.left, where);
      const right = this.equalities(def, filter.right, where);
      return left && right ? { ...left, ...right } : null;
    }
    return null;
  }

  apply(op: ScimPatchOpName, path: ScimPatchPath | null, value: unknown): void {
    if (path === null || path.attribute === '') {
      this.applyObject(op, path?.schema ?? null, value, path?.text ?? 'value');
      return;
    }
    const { full, held } = this.definitions(path.schema);
    const def =
      find(full, path.attribute) ??
      invalidPath(`The path "${path.text}" names no attribute of the User schema`);
    const sub =
      path.subAttribute === null
        ? null
        : (find(def.subAttributes, path.subAttribute) ??
          invalidPath(
            `The path "${path.text}": "${def.name}" has no sub-attribute "${path.subAttribute}"`,
          ));
    if (def.mutability === 'readOnly' || sub?.mutability === 'readOnly') {
      // Echoing the server's own value back changes nothing (clients send whole resources).
      const current = this.container(path.schema, false);
      if (
        op !== 'remove' &&
        sub === null &&
        path.filter === null &&
        current !== null &&
        deepEqual(current[keyOf(current, def.name)], value)
      )
        return;
      throw new ScimError(
        400,
        'mutability',
        `${def.name}${sub ? `.${sub.name}` : ''} is read-only`,
      );
    }
    const heldDef = find(held, def.name);
    if (!heldDef) return this.unheld(path.text);
    if (sub && !find(heldDef.subAttributes, sub.name)) return this.unheld(path.text);
    if (path.filter !== null && !def.multiValued)
      invalidPath(`The path "${path.text}" filters "${def.name}", which is single-valued`);

    const container = this.container(path.schema, op !== 'remove');
    if (container === null) return;
    const key = keyOf(container, def.name);
    const where = path.text;

    if (op === 'remove' || (value === null && path.filter === null)) {
      this.remove(
        container,
        key,
        def,
        sub,
        path.filter,
        op === 'remove' ? value : undefined,
        where,
      );
    } else if (!def.multiValued) {
      if (sub) {
        const parent = isObject(container[key]) ? { ...(container[key] as Json) } : {};
        if (value === null) delete parent[keyOf(parent, sub.name)];
        else parent[keyOf(parent, sub.name)] = scalar(sub, value, where);
        setOrDrop(container, key, parent);
      } else if (def.type === 'complex') {
        // RFC 7644 §3.5.2.1 / .3: sub-attributes not given are left unchanged.
        const given = this.single(def, heldDef, value, where) as Json;
        const merged = { ...(isObject(container[key]) ? (container[key] as Json) : {}) };
        for (const [k, v] of Object.entries(given)) merged[keyOf(merged, k)] = v;
        setOrDrop(container, key, merged);
      } else {
        container[key] = scalar(def, value, where);
      }
    } else {
      this.addOrReplaceMany(op, container, key, def, heldDef, sub, path.filter, value, where);
    }
    this.dropEmptyExtension(path.schema);
  }

  private applyObject(op: ScimPatchOpName, schema: string | null, value: unknown, where: string) {
    if (op === 'remove') {
      if (schema === null || schema === SCIM_USER_SCHEMA)
        invalidPath(`"${where}": name an attribute to remove`);
      delete this.resource[keyOf(this.resource, schema as string)];
      return;
    }
    if (!isObject(value))
      invalidValue(`${where}: ${op} without a path needs an object of attributes`);
    for (const [key, item] of Object.entries(value as Json)) {
      if (lower(key) === 'schemas') continue;
      const urn = PATH_SCHEMAS.find((u) => lower(u) === lower(key));
      if (urn && schema === null) {
        // `{ "urn:…:enterprise:2.0:User": { "department": "x" } }`
        if (!isObject(item)) invalidValue(`"${key}" must be an object of attributes`);
        for (const [inner, innerValue] of Object.entries(item as Json))
          this.apply(op, parsePatchPath(`${urn}:${inner}`), innerValue);
        continue;
      }
      // Dotted (`name.givenName`) and URN-prefixed keys are paths.
      const path = parsePatchPath(
        schema !== null && !lower(key).startsWith('urn:') ? `${schema}:${key}` : key,
      );
      this.apply(op, path, item);
    }
  }

  private container(schema: string | null, create: boolean): Json | null {
    if (schema === null || schema === SCIM_USER_SCHEMA) return this.resource;
    const key = keyOf(this.resource, schema);
    if (!isObject(this.resource[key])) {
      if (!create) return null;
      this.resource[key] = {};
    }
    return this.resource[key] as Json;
  }

  private dropEmptyExtension(schema: string | null): void {
    if (schema === null || schema === SCIM_USER_SCHEMA) return;
    const key = keyOf(this.resource, schema);
    const extension = this.resource[key];
    if (isObject(extension) && Object.keys(extension).length === 0) delete this.resource[key];
  }

  private remove(
    container: Json,
    key: string,
    def: Def,
    sub: Def | null,
    filter: ScimPathFilter | null,
    value: unknown,
    where: string,
  ): void {
    if (def.required && sub === null && filter === null)
      invalidValue(`${def.name} is required: it cannot be removed`);
    if (!def.multiValued) {
      if (sub === null) delete container[key];
      else if (isObject(container[key])) {
        const parent = { ...(container[key] as Json) };
        delete parent[keyOf(parent, sub.name)];
        setOrDrop(container, key, parent);
      }
      return;
    }
    const current = Array.isArray(container[key]) ? (container[key] as unknown[]) : [];
    let next: unknown[];
    if (filter !== null) {
      // A filter that matches nothing removes nothing: the state asked for already holds.
      const hit = current.map((element) => this.matches(def, filter, element, where));
      next =
        sub === null
          ? current.filter((_, i) => !hit[i])
          : current.map((element, i) => (hit[i] ? withoutKey(element, sub.name) : element));
    } else if (sub !== null) {
      next = current.map((element) => withoutKey(element, sub.name));
    } else if (value !== undefined && value !== null) {
      // `{ op: remove, path: emails, value: [{ value: "a@x" }] }`: those elements only.
      const gone = (Array.isArray(value) ? value : [value]).map((item) =>
        isObject(item) ? item[keyOf(item, 'value')] : item,
      );
      next = current.filter(
        (element) =>
          !gone.some((g) =>
            sameValue(def, isObject(element) ? element[keyOf(element, 'value')] : element, g),
          ),
      );
    } else {
      next = [];
    }
    // An element without its value (an email with no address) is no element.
    if (find(def.subAttributes, 'value'))
      next = next.filter(
        (element) => !isObject(element) || element[keyOf(element, 'value')] != null,
      );
    setOrDrop(container, key, next);
  }

  private addOrReplaceMany(
    op: ScimPatchOpName,
    container: Json,
    key: string,
    def: Def,
    held: Def,
    sub: Def | null,
    filter: ScimPathFilter | null,
    value: unknown,
    where: string,
  ): void {
    const list = (Array.isArray(container[key]) ? (container[key] as unknown[]) : []).map((e) =>
      isObject(e) ? { ...e } : e,
    );
    const touched = new Set<number>();
    if (filter !== null) {
      const hits = list.flatMap((element, i) =>
        this.matches(def, filter, element, where) ? [i] : [],
      );
      const given = sub === null ? (this.single(def, held, value, where) as Json) : null;
      if (hits.length > 0) {
        for (const i of hits) {
          const element = list[i] as Json;
          if (sub !== null) element[keyOf(element, sub.name)] = scalar(sub, value, where);
          else list[i] = op === 'replace' ? { ...given } : { ...element, ...given };
          touched.add(i);
        }
      } else {
        // Entra: a filter that matches nothing adds the element it describes (a departure from RFC 7644's noTarget).
        const base =
          this.equalities(def, filter, where) ??
          (() => {
            throw new ScimError(
              400,
              'noTarget',
              `The path "${where}" matches no value, and its filter does not describe one to add`,
            );
          })();
        list.push(
          sub !== null ? { ...base, [sub.name]: scalar(sub, value, where) } : { ...base, ...given },
        );
        touched.add(list.length - 1);
      }
    } else if (sub !== null) {
      const item = scalar(sub, value, where);
      if (list.length === 0) list.push({ [sub.name]: item });
      list.forEach((element, i) => {
        if (isObject(element)) element[keyOf(element, sub.name)] = item;
        touched.add(i);
      });
    } else {
      const given = this.elements(def, held, value, where);
      if (op === 'replace') {
        list.splice(0, list.length, ...given);
        given.forEach((_, i) => touched.add(i));
      } else {
        for (const item of given) {
          // Adding a value that is there already merges into it (RFC 7644 §3.5.2.1).
          const same = list.findIndex((element) =>
            isObject(item) && isObject(element) && find(def.subAttributes, 'value')
              ? sameValue(def, element[keyOf(element, 'value')], item.value)
              : deepEqual(element, item),
          );
          if (same >= 0) {
            list[same] = isObject(item) ? { ...(list[same] as Json), ...item } : item;
            touched.add(same);
          } else {
            list.push(item);
            touched.add(list.length - 1);
          }
        }
      }
    }
    // At most one primary (RFC 7643 §2.4): the value just set wins.
    if (find(def.subAttributes, 'primary')) {
      const winner = [...touched]
        .reverse()
        .find((i) => isObject(list[i]) && (list[i] as Json).primary === true);
      if (winner !== undefined)
        list.forEach((element, i) => {
          if (i !== winner && isObject(element) && element[keyOf(element, 'primary')] === true)
            element[keyOf(element, 'primary')] = false;
        });
    }
    setOrDrop(container, key, list);
  }
}

function compareOrdered(operator: string, order: number): boolean {
  switch (operator) {
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
    default:
      return order === 0;
  }
}

function sameValue(def: Def, a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    const caseExact = find(def.subAttributes, 'value')?.caseExact ?? def.caseExact;
    return caseExact ? a === b : lower(a) === lower(b);
  }
  return deepEqual(a, b);
}

function withoutKey(element: unknown, name: string): unknown {
  if (!isObject(element)) return element;
  const copy = { ...element };
  delete copy[keyOf(copy, name)];
  return copy;
}

/** An empty complex value or list is no value: the attribute is removed. */
function setOrDrop(container: Json, key: string, value: Json | unknown[]): void {
  const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
  if (empty) delete container[key];
  else container[key] = value;
}

/**
 * Applies operations to a User resource (the JSON a GET answers), all or
 * none: the result is a new object, the input is never modified, and any
 * error leaves nothing applied. What it accepts beyond RFC 7644, because IdPs
 * send it: ops in any case (parsePatchOperations), no-path value objects
 * with dotted and URN-prefixed keys, booleans as "True"/"False", `add` on a
 * single-valued attribute replacing it, a filtered `replace`/`add` that
 * matches nothing adding the element its filter describes (Entra), a
 * filtered `remove` that matches nothing succeeding (idempotent), and a
 * read-only attribute sent back unchanged.
 * @throws ScimError 400 mutability (id, meta, groups), invalidPath (unknown
 *   or, by default, unheld attribute), invalidValue (wrong type, removing
 *   userName), noTarget (a filter that matches nothing and describes nothing).
 */
export function applyPatch(
  resource: Readonly<Record<string, unknown>>,
  operations: readonly ScimPatchOperation[],
  schema: ScimUserSchema,
  options: ScimPatchOptions = {},
): ScimPatchResult {
  const patcher = new Patcher(structuredClone(resource) as Json, schema, options);
  for (const operation of operations) patcher.apply(operation.op, operation.path, operation.value);
  return { resource: patcher.resource, ignored: patcher.ignored };
}
