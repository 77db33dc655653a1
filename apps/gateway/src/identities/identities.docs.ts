import { ApiOkResponse, ApiOperation, getSchemaPath } from '@nestjs/swagger';
import { ApiDoc } from '../docs/api-doc';
import { ApiErrors, AUTH_ERRORS, STORE_ERRORS, VENDOR_ERRORS } from '../docs/api-responses';
import {
  IDENTITY_EXAMPLE,
  RUN_REF_EXAMPLE,
  STORED_IDENTITY_EXAMPLE,
  SUMMARY_EXAMPLE,
} from '../docs/identity-examples';
import { StoredIdentityListResponse, StoredSummaryResponse } from './dto/stored-identity.response';
import { MISSING_CONNECTIONS_HEADER, MISSING_VENDORS_HEADER } from './incomplete-report.error';
import { STORED_IDENTITIES_CURSOR } from './stored-identities.service';

// The OpenAPI prose of /v1/identities, one entry per handler of IdentitiesController.

export const IdentitiesDocs = {
  list: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'listIdentities',
        summary:
          'Users of every vendor grouped into identities (same person), with match reasons and conflicts',
        description:
          'Answers from the latest stored reconciliation run, made over the directory after each round of syncs: ' +
          '`meta.run` names the run and when it ended, each conflict carries `firstSeenAt` (since when this gap has been ' +
          'open, to sort the report by age), and a cursor stays on its run so every page comes from the same world ' +
          '(a cursor of a run no longer kept is a 400). CSV answers name the run in `x-reconciliation-run` and ' +
          '`x-reconciliation-run-at`. With `?source=live`, or before any run was stored, it reads every user of every ' +
          'configured vendor now (all pages; `meta.source` = `live`). Either way it links accounts by normalized email, E.164 phone ' +
          'or external id; names are supporting evidence only. Conflicts: `status_mismatch` (high: active somewhere, ' +
          'inactive or deleted elsewhere — the offboarding gap), `role_mismatch`, `name_mismatch`, `possible_duplicate`, ' +
          '`missing_in:<vendor>`, `unmatchable`. A vendor that cannot be read is listed in `errors` and never produces ' +
          '`missing_in` conflicts. `?format=csv` (or `Accept: text/csv`) answers every matching identity as a CSV with ' +
          'one row per identity and conflict (an `Accept` header preferring `text/csv` over JSON does the same). A CSV ' +
          "missing a vendor is refused (the failing vendor's error, naming it) unless `?partial=true`; any answer " +
          'missing a vendor names it in the `x-userbridge-missing-vendors` header. Errors are always JSON.',
      }),
      ApiOkResponse({
        description: 'A page of identities (JSON), or every matching identity (CSV)',
        headers: {
          [MISSING_CONNECTIONS_HEADER]: {
            description:
              'Comma-separated connections that could not be read, on an answer without them (JSON, or CSV with ?partial=true)',
            schema: { type: 'string', example: 'desk-eu' },
          },
          [MISSING_VENDORS_HEADER]: {
            description:
              'The vendor kinds of those connections (kept beside x-userbridge-missing-connections for older clients)',
            schema: { type: 'string', example: 'desk' },
          },
          'x-reconciliation-run': {
            description: 'CSV from the store: the reconciliation run id',
            schema: { type: 'integer' },
          },
          'x-reconciliation-run-at': {
            description: 'CSV from the store: when that run ended',
            schema: { type: 'string', format: 'date-time' },
          },
        },
        content: {
          'application/json': {
            schema: { $ref: getSchemaPath(StoredIdentityListResponse) },
            examples: {
              store: {
                summary: 'From the latest stored run',
                value: {
                  data: [STORED_IDENTITY_EXAMPLE],
                  nextCursor: STORED_IDENTITIES_CURSOR.encode({ run: 17, after: 50 }, []),
                  errors: [],
                  meta: { source: 'store', run: RUN_REF_EXAMPLE },
                },
              },
              live: {
                summary: 'Live (?source=live, or no run stored yet)',
                value: {
                  data: [IDENTITY_EXAMPLE],
                  nextCursor: null,
                  errors: [],
                  meta: { source: 'live' },
                },
              },
            },
          },
          'text/csv': {
            schema: {
              type: 'string',
              description:
                'Columns identity_id, display_name, emails, vendors, conflict, severity, message, accounts, confidence',
            },
            example:
              'identity_id,display_name,emails,vendors,conflict,severity,message,accounts,confidence\r\n' +
              'idn_3f0c1b2a4d5e6f70,Alice Walker,alice.walker@scenario.example,"convirza; credira; desk",status_mismatch,high,' +
              '"active at convirza, credira but deleted at desk (desk:9001)",convirza:50001 (active, member); ...,0.94\r\n',
          },
        },
      }),
      ApiErrors(
        'invalidIdentityQuery',
        ...AUTH_ERRORS,
        'incompleteReport',
        ...VENDOR_ERRORS,
        ...STORE_ERRORS,
      ),
    ),
  summary: (): MethodDecorator =>
    ApiDoc(
      ApiOperation({
        operationId: 'identitySummary',
        summary: 'Counts per conflict type, severity and vendor',
        description:
          'From the latest stored reconciliation run (named in `meta.run`), with `oldestOpenGaps`: the oldest still-open ' +
          'offboarding gap per pair of vendors (active at one, inactive or deleted at the other) and since when. ' +
          'With `?source=live`, or before any run was stored, it reconciles every user of every configured vendor now, ' +
          'as GET /v1/identities does. Either way it names the vendors that were read and those that could not be ' +
          '(`vendorsFailed`): a vendor that failed never counts as missing accounts.',
      }),
      ApiOkResponse({
        description: 'The counts of one reconciliation run',
        content: {
          'application/json': {
            schema: { $ref: getSchemaPath(StoredSummaryResponse) },
            examples: {
              store: {
                summary: 'From the latest stored run',
                value: {
                  ...SUMMARY_EXAMPLE,
                  oldestOpenGaps: [
                    {
                      activeConnection: 'convirza',
                      inactiveConnection: 'credira',
                      activeVendor: 'convirza',
                      inactiveVendor: 'credira',
                      identityId: 'idn_3f0c1b2a4d5e6f70',
                      message: 'active at convirza but suspended at credira (credira:user_s05)',
                      firstSeenAt: '2026-11-11T09:30:00.000Z',
                    },
                  ],
                  meta: { source: 'store', run: RUN_REF_EXAMPLE },
                },
              },
              live: { summary: 'Live', value: { ...SUMMARY_EXAMPLE, meta: { source: 'live' } } },
            },
          },
        },
      }),
      ApiErrors('invalid', ...AUTH_ERRORS, ...STORE_ERRORS),
    ),
};
