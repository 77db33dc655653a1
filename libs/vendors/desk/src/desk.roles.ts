import {
  CanonicalRole,
  isCanonicalRole,
  normalizeText,
  roleFromKeywords,
} from '@userbridge/canonical';
import { InvalidRequestError } from '@userbridge/errors';
import { VendorConfigError } from '@userbridge/vendor-core';

/** One desk role: its id (a key of the `roles` object a user read carries) and its name. */
export interface DeskRolePair {
  id: string;
  name: string;
}

/**
 * Role names read by exact name (assumed: the names the CommPeak UI shows);
 * any other name maps by keyword. Ids are never assumed: they are per tenant.
 */
const NAMED: Readonly<Record<string, CanonicalRole>> = {
  admin: 'admin',
  supervisor: 'manager',
  agent: 'member',
  viewer: 'read_only',
};

export function canonicalDeskRole(name: string | null): CanonicalRole {
  const key = (name ?? '').trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(NAMED, key) ? NAMED[key] : roleFromKeywords(name);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const byId = (a: DeskRolePair, b: DeskRolePair): number => {
  const na = /^[0-9]+$/.test(a.id) ? Number(a.id) : NaN;
  const nb = /^[0-9]+$/.test(b.id) ? Number(b.id) : NaN;
  if (Number.isNaN(na) || Number.isNaN(nb))
    return Number.isNaN(na) === Number.isNaN(nb)
      ? a.id.localeCompare(b.id)
      : Number.isNaN(na)
        ? 1
        : -1;
  return na - nb;
};

/**
 * A user read's `roles`: the object of role id -> role name (the read layout,
 * assumed), or an array of `{id, name}`. A bare name without an id teaches no
 * id, so it gives a name only (id ''). Ordered by ascending id.
 */
export function rolePairsOf(value: unknown): DeskRolePair[] {
  const pairs: DeskRolePair[] = [];
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (typeof entry === 'string' && entry.trim() !== '')
        pairs.push({ id: '', name: entry.trim() });
      else if (isObject(entry)) {
        const name = normalizeText(entry.name);
        if (name !== null) pairs.push({ id: normalizeText(entry.id) ?? '', name });
      }
    }
  } else if (isObject(value)) {
    for (const [id, name] of Object.entries(value)) {
      const text = normalizeText(name);
      if (text !== null) pairs.push({ id, name: text });
    }
  }
  return pairs.sort(byId);
}

const HOW_TO =
  'set DESK_ROLE_IDS to the role ids of your desk tenant, e.g. DESK_ROLE_IDS=Admin:17,Supervisor:18,Agent:23,Viewer:24';

/**
 * The desk role id a canonical role is written as. Ids come from DESK_ROLE_IDS
 * first, then from what the desk itself answered (`learned`, the roles objects
 * of its user reads); never from a default, since a guessed id on a real
 * tenant could grant Admin. Unknown or ambiguous: a 400 saying how to configure it.
 */
export function deskRoleIdFor(
  role: CanonicalRole,
  explicit: readonly DeskRolePair[],
  learned: readonly DeskRolePair[],
): string {
  for (const [source, pairs] of [
    ['DESK_ROLE_IDS', explicit],
    ['the roles the desk reads back', learned],
  ] as const) {
    const ids = [
      ...new Set(
        pairs.filter((p) => p.id !== '' && canonicalDeskRole(p.name) === role).map((p) => p.id),
      ),
    ];
    if (ids.length === 1) return ids[0];
    if (ids.length > 1)
      throw new InvalidRequestError(
        `More than one desk role reads as "${role}" in ${source} (ids ${ids.join(', ')}): ${HOW_TO}, naming one role per canonical role`,
        { vendor: 'desk', problems: [{ field: 'role', message: 'ambiguous desk role id' }] },
      );
  }
  throw new InvalidRequestError(
    `No desk role id is known for "${role}": no desk user read carries a role that reads as ${role}, and DESK_ROLE_IDS does not name one; ${HOW_TO}`,
    { vendor: 'desk', problems: [{ field: 'role', message: 'no known desk role id' }] },
  );
}

const ROLE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * DESK_ROLE_IDS: a comma list of `<name>:<id>`, the name being the desk's role
 * name or a canonical role (`Admin:17`, `manager:18`). Empty means unset.
 * @throws VendorConfigError naming the variable and the bad entry
 */
export function parseDeskRoleIds(text: string | undefined): DeskRolePair[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((entry) => {
    const cut = entry.lastIndexOf(':');
    const name = entry.slice(0, cut).trim();
    const id = entry.slice(cut + 1).trim();
    if (cut < 0 || name === '' || !ROLE_ID.test(id))
      throw new VendorConfigError(
        `DESK_ROLE_IDS entry "${entry.trim().slice(0, 60)}" is not <role name>:<role id>; expected e.g. DESK_ROLE_IDS=Admin:17,Agent:23`,
      );
    return { id, name: isCanonicalRole(name) ? name.replace('_', ' ') : name };
  });
}
