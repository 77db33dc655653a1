import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '../common/error-body.dto';

interface ErrorCase {
  status: number;
  summary: string;
  error: { code: string; message: string; vendor?: string; details?: Record<string, unknown> };
}

const REQUEST_ID = '6f1c2d34-5b6a-4c7d-8e9f-0a1b2c3d4e5f';

/** Every error answer the API documents, each with an example of the one error shape. */
const CASES = {
  invalidQuery: {
    status: 400,
    summary: 'A query parameter out of range',
    error: {
      code: 'invalid_request',
      message: 'limit must not be greater than 200',
      details: { fields: [{ field: 'limit', message: 'limit must not be greater than 200' }] },
    },
  },
  invalid: {
    status: 400,
    summary: 'A malformed query parameter',
    error: {
      code: 'invalid_request',
      message: 'limit must be a whole number',
      details: { fields: [{ field: 'limit', message: 'limit must be a whole number' }] },
    },
  },
  invalidIdentityQuery: {
    status: 400,
    summary: 'An unknown severity',
    error: {
      code: 'invalid_request',
      message: 'severity must be one of the following values: high, medium, low',
      details: {
        fields: [
          {
            field: 'severity',
            message: 'severity must be one of the following values: high, medium, low',
          },
        ],
      },
    },
  },
  invalidId: {
    status: 400,
    summary: 'A malformed global id',
    error: {
      code: 'invalid_request',
      message: '"abc" is not a user id: expected <vendor>:<vendorId>, e.g. convirza:12345',
      details: { fields: [{ field: 'id', message: 'expected <vendor>:<vendorId>' }] },
    },
  },
  invalidBody: {
    status: 400,
    summary: "A body breaking the vendor's rules",
    error: {
      code: 'invalid_request',
      message:
        "The request breaks Convirza's rules: orgUnitId: Convirza requires the org unit (groups[0].id or orgUnitId) on create",
      vendor: 'convirza',
      details: {
        fields: [
          {
            field: 'orgUnitId',
            message: 'Convirza requires the org unit (groups[0].id or orgUnitId) on create',
          },
        ],
      },
    },
  },
  unconfirmedDelete: {
    status: 400,
    summary: 'An irreversible delete without ?confirm=true',
    error: {
      code: 'invalid_request',
      message: 'Deleting a Credira user is irreversible: repeat with ?confirm=true',
      vendor: 'credira',
      details: {
        fields: [{ field: 'confirm', message: 'must be true: Credira cannot undo a delete' }],
      },
    },
  },
  invalidRunId: {
    status: 400,
    summary: 'A sync run id that is not a positive whole number',
    error: {
      code: 'invalid_request',
      message: '"abc" is not a sync run id: expected a positive whole number',
      details: { fields: [{ field: 'id', message: 'expected a positive whole number' }] },
    },
  },
  unauthorized: {
    status: 401,
    summary: 'No gateway key, or an unknown one',
    error: { code: 'unauthorized', message: 'The gateway key is not valid' },
  },
  forbidden: {
    status: 403,
    summary: 'A read key on a write',
    error: {
      code: 'forbidden',
      message: 'This key has the "read" scope; this operation needs "write"',
    },
  },
  vendorForbidden: {
    status: 403,
    summary: 'The vendor refuses the gateway this one user',
    error: {
      code: 'vendor_forbidden',
      message: 'credira does not give the gateway access to user credira:user_123456789',
      vendor: 'credira',
      details: { vendorId: 'user_123456789', vendorStatus: 403 },
    },
  },
  notFound: {
    status: 404,
    summary: 'No such user at the vendor',
    error: {
      code: 'not_found',
      message: 'User convirza:99999 was not found at convirza',
      vendor: 'convirza',
    },
  },
  runNotFound: {
    status: 404,
    summary: 'No sync run with this id',
    error: { code: 'not_found', message: 'Sync run 42 does not exist', details: { runId: 42 } },
  },
  webhookNotFound: {
    status: 404,
    summary: 'No webhook endpoint (or delivery) with this id that the key may see',
    error: { code: 'not_found', message: 'Webhook endpoint wh_8Kq2mZ4tPp1xYb7c was not found' },
  },
  invalidWebhookUrl: {
    status: 400,
    summary: 'A webhook target that is not allowed',
    error: {
      code: 'invalid_request',
      message: 'url is not an allowed webhook target',
      details: {
        fields: [
          {
            field: 'url',
            message:
              'url resolves to a loopback, private, link-local, multicast or reserved address (allowed only with WEBHOOK_ALLOW_PRIVATE_TARGETS=true or in WEBHOOK_ALLOWED_CIDRS)',
          },
        ],
      },
    },
  },
  unsupported: {
    status: 405,
    summary: 'The vendor does not offer the operation',
    error: {
      code: 'operation_not_supported',
      message: 'desk does not support patch: the desk API has no partial update',
      vendor: 'desk',
      details: { operation: 'patch' },
    },
  },
  conflict: {
    status: 409,
    summary: 'Duplicate email, or an Idempotency-Key reused with another body',
    error: {
      code: 'conflict',
      message: 'convirza reports a conflict: email already in use',
      vendor: 'convirza',
    },
  },
  tooLarge: {
    status: 413,
    summary: 'A body over 100 kB',
    error: { code: 'payload_too_large', message: 'The request body is larger than 100 kB' },
  },
  unsupportedMediaType: {
    status: 415,
    summary: 'A body that is not JSON',
    error: {
      code: 'unsupported_media_type',
      message: 'Unsupported Content-Type: send application/json',
    },
  },
  uriTooLong: {
    status: 414,
    summary: 'An id far longer than any vendor id',
    error: {
      code: 'uri_too_long',
      message: 'A path segment is too long; ids are at most a few hundred characters',
    },
  },
  rateLimited: {
    status: 429,
    summary: 'Too many requests for this key',
    error: { code: 'rate_limited', message: 'Too many requests; retry after 1 s' },
  },
  vendorAuth: {
    status: 502,
    summary: "The vendor rejected the gateway's own credentials",
    error: {
      code: 'vendor_auth_failed',
      message: "credira rejected the gateway's credentials (HTTP 401)",
      vendor: 'credira',
    },
  },
  vendorError: {
    status: 502,
    summary: 'Vendor 5xx, unreachable, or an unreadable answer',
    error: { code: 'vendor_error', message: 'convirza answered HTTP 500', vendor: 'convirza' },
  },
  incompleteReport: {
    status: 502,
    summary: 'A CSV report missing a vendor, without ?partial=true',
    error: {
      code: 'vendor_error',
      message:
        'The report would be incomplete: desk could not be read. Retry later, or add ?partial=true to get it without it (the x-userbridge-missing-connections header then names the missing connections)',
      vendor: 'desk',
      details: { missingConnections: ['desk'], missingVendors: ['desk'] },
    },
  },
  vendorRateLimited: {
    status: 503,
    summary: 'The vendor is rate limiting the gateway (Retry-After is set)',
    error: {
      code: 'vendor_rate_limited',
      message: 'desk is rate limiting the gateway; retry after 2s',
      vendor: 'desk',
    },
  },
  vendorTimeout: {
    status: 504,
    summary: 'The vendor did not answer in time',
    error: {
      code: 'vendor_timeout',
      message: 'desk did not answer within 5000 ms',
      vendor: 'desk',
    },
  },
  storeUnavailable: {
    status: 503,
    summary: 'The directory (the store) does not answer; live reads (?source=live) still work',
    error: {
      code: 'store_unavailable',
      message: 'The directory store is unavailable; retry later or read live with ?source=live',
    },
  },
  planConflict: {
    status: 409,
    summary: 'An offboarding plan that cannot be executed as it stands',
    error: {
      code: 'conflict',
      message:
        '1 account(s) changed since the plan was made (credira:user_s01: active -> inactive): plan again',
      details: {
        reason: 'accounts_changed',
        accounts: [{ account: 'credira:user_s01', planned: 'active', now: 'inactive' }],
      },
    },
  },
  unconfirmedPlanDelete: {
    status: 400,
    summary: 'A plan that deletes, executed without naming the connection in confirmDelete',
    error: {
      code: 'invalid_request',
      message: 'This plan deletes irreversibly at credira: name it in confirmDelete',
      details: {
        missing: ['credira'],
        fields: [{ field: 'confirmDelete', message: 'must list credira' }],
      },
    },
  },
  planNotFound: {
    status: 404,
    summary: 'No offboarding plan (or identity) with this id',
    error: {
      code: 'not_found',
      message: 'Offboarding plan obp_8c1e4a7b2d9f4e03a1b6c5d7 does not exist',
      details: { planId: 'obp_8c1e4a7b2d9f4e03a1b6c5d7' },
    },
  },
  offboardingRunNotFound: {
    status: 404,
    summary: 'No offboarding run with this id',
    error: {
      code: 'not_found',
      message: 'Offboarding run obr_5d2f0e9a8b7c4d31a2e6f4b0 does not exist',
      details: { runId: 'obr_5d2f0e9a8b7c4d31a2e6f4b0' },
    },
  },
} satisfies Record<string, ErrorCase>;

export type ErrorCaseName = keyof typeof CASES;

/** What each code means; a response's description names every code it can carry. */
const CODE_DESCRIPTIONS: Record<string, string> = {
  invalid_request: 'a malformed id, query or body, or a body breaking the vendor’s rules',
  unauthorized: 'no gateway key, or an unknown one',
  forbidden: 'the key lacks the scope (writes need a `write` key)',
  vendor_forbidden: 'the vendor refuses the gateway access to this one user',
  not_found: 'no such user at the vendor',
  operation_not_supported: 'the vendor does not offer this operation',
  conflict: 'a duplicate at the vendor, or an Idempotency-Key reused with another body',
  payload_too_large: 'the body is over 100 kB',
  unsupported_media_type: 'the body is not `application/json`',
  uri_too_long: 'a path segment (the id) is too long',
  rate_limited: 'too many requests for this key; wait `Retry-After` seconds',
  vendor_auth_failed: 'the vendor rejected the gateway’s own credentials',
  vendor_error:
    'the vendor answered a 5xx, could not be reached, or gave an unreadable answer (on a write, ' +
    '`details.outcome: unknown` means the change may have happened)',
  vendor_rate_limited: 'the vendor is rate limiting the gateway; wait `Retry-After` seconds',
  vendor_timeout: 'the vendor did not answer in time',
  store_unavailable:
    'the directory (the synced store) does not answer; live reads (`?source=live`) still work',
};

function describeStatus(cases: ErrorCaseName[]): string {
  const codes = [...new Set(cases.map((name) => CASES[name].error.code))];
  return codes
    .map((code) => `\`${code}\`: ${CODE_DESCRIPTIONS[code] ?? CASES[cases[0]].summary}`)
    .join('; or ');
}

/** Documents error answers, one response per status with an example per code. */
export function ApiErrors(...names: ErrorCaseName[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCaseName[]>();
  for (const name of names) {
    const status = CASES[name].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), name]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, cases]) =>
      ApiResponse({
        status,
        description: describeStatus(cases),
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/ErrorBody' },
            examples: Object.fromEntries(
              cases.map((name) => [
                name,
                {
                  summary: CASES[name].summary,
                  value: { error: { ...CASES[name].error, requestId: REQUEST_ID } },
                },
              ]),
            ),
          },
        },
      }),
    ),
  );
}

/** Keeps ErrorBody in the components even where it is only referenced by name. */
export const ERROR_MODELS = [ErrorBody];

/** Errors any authenticated read with query parameters can meet. */
export const READ_ERRORS: ErrorCaseName[] = ['invalid', 'unauthorized', 'rateLimited'];
/** Errors any authenticated call can meet. */
export const AUTH_ERRORS: ErrorCaseName[] = ['unauthorized', 'rateLimited'];
/** Errors any call that reaches one vendor can meet. */
export const VENDOR_ERRORS: ErrorCaseName[] = [
  'vendorForbidden',
  'vendorAuth',
  'vendorError',
  'vendorRateLimited',
  'vendorTimeout',
];
/** Errors any read from the directory (the store) can meet. */
export const STORE_ERRORS: ErrorCaseName[] = ['storeUnavailable'];
