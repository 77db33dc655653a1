import { ScimError } from '../scim.error';
import type { ScimUserSchema } from '../schema/attribute.types';
import type { ScimPatchOperation, ScimPatchOptions, ScimPatchResult } from './patch.types';

/**
 * Checks a PATCH body (RFC 7644 §3.5.2): `schemas` names PatchOp, `Operations`
 * is a non-empty array, each `op` is add/replace/remove in any case, each
 * `path` parses.
 * @throws ScimError 400 invalidSyntax / invalidPath.
 */
export function parsePatchOperations(body: unknown): ScimPatchOperation[] {
  void body;
  throw new ScimError(501, undefined, 'PATCH is not implemented yet');
}

/**
 * Applies operations to a User resource, all or none.
 * @throws ScimError 400 (noTarget, mutability, invalidPath, invalidValue).
 */
export function applyPatch(
  resource: Readonly<Record<string, unknown>>,
  operations: readonly ScimPatchOperation[],
  schema: ScimUserSchema,
  options: ScimPatchOptions = {},
): ScimPatchResult {
  void resource;
  void operations;
  void schema;
  void options;
  throw new ScimError(501, undefined, 'PATCH is not implemented yet');
}
