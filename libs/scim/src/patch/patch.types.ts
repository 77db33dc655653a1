import type {
  ScimAnd,
  ScimCompareOperator,
  ScimNot,
  ScimOr,
  ScimPresence,
} from '../filter/filter.types';

export type ScimPatchOpName = 'add' | 'replace' | 'remove';

/** A comparison inside a PATCH path's value filter (`emails[type eq "work"]`): names are sub-attributes. */
export interface ScimPathComparison {
  kind: 'compare';
  attribute: string;
  operator: ScimCompareOperator;
  value: string | number | boolean;
}

export type ScimPathFilter =
  | ScimAnd<ScimPathFilter>
  | ScimOr<ScimPathFilter>
  | ScimNot<ScimPathFilter>
  | ScimPathComparison
  | ScimPresence<string>;

/**
 * A parsed PATCH `path` (RFC 7644 §3.5.2): `attribute[.subAttribute]`,
 * `attribute[filter][.subAttribute]`, each optionally URN-prefixed. Names are
 * as written (resolved case-insensitively against the schema by applyPatch).
 */
export interface ScimPatchPath {
  /** The path as sent, for error details. */
  text: string;
  /** The schema URN the path named (`urn:…:enterprise:2.0:User:department`), else null. */
  schema: string | null;
  attribute: string;
  filter: ScimPathFilter | null;
  subAttribute: string | null;
}

export interface ScimPatchOperation {
  op: ScimPatchOpName;
  /** Null: no path, the value is an object of attributes (RFC 7644 §3.5.2.1 / .3). */
  path: ScimPatchPath | null;
  /** Absent for most removes. */
  value?: unknown;
}

export interface ScimPatchOptions {
  /**
   * An attribute RFC 7643 defines but this connection's schema does not hold:
   * `'reject'` (default) answers 400 `invalidPath`; `'ignore'` leaves it out
   * and names it in the result's `ignored` (IdPs' default mappings send more
   * than a vendor holds).
   */
  unheld?: 'reject' | 'ignore';
}

export interface ScimPatchResult {
  /** A new resource: the input is never modified. */
  resource: Record<string, unknown>;
  /** Paths left out under `unheld: 'ignore'`, as sent. */
  ignored: string[];
}
