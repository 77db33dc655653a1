/** Schema and message URNs of RFC 7643 / 7644. */
export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_ENTERPRISE_USER_SCHEMA =
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCIM_LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_SERVICE_PROVIDER_CONFIG =
  'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const SCIM_RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCIM_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** The same URNs as one object, for callers that prefer a namespace. */
export const SCIM_URNS = {
  user: SCIM_USER_SCHEMA,
  enterpriseUser: SCIM_ENTERPRISE_USER_SCHEMA,
  listResponse: SCIM_LIST_RESPONSE,
  patchOp: SCIM_PATCH_OP,
  error: SCIM_ERROR,
  serviceProviderConfig: SCIM_SERVICE_PROVIDER_CONFIG,
  resourceType: SCIM_RESOURCE_TYPE,
  schema: SCIM_SCHEMA,
} as const;
