import { SCIM_ERROR } from './urns';

/** RFC 7644 §3.12 `scimType` values. */
export const SCIM_ERROR_TYPES = [
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
] as const;
export type ScimErrorType = (typeof SCIM_ERROR_TYPES)[number];

/** The SCIM error body (RFC 7644 §3.12): `status` is a string there. */
export interface ScimErrorBody {
  schemas: [typeof SCIM_ERROR];
  status: string;
  scimType?: ScimErrorType;
  detail: string;
}

/**
 * An error a SCIM endpoint answers with: an HTTP status, the RFC's
 * `scimType` where one applies, and a `detail` in our own words (never a
 * vendor's text, never a secret).
 */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimErrorType | undefined,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ScimError';
  }

  toBody(): ScimErrorBody {
    return {
      schemas: [SCIM_ERROR],
      status: String(this.status),
      ...(this.scimType === undefined ? {} : { scimType: this.scimType }),
      detail: this.detail,
    };
  }
}

export function isScimError(error: unknown): error is ScimError {
  return error instanceof ScimError;
}
