import { UserWriteInput, VendorWriteRules, WriteOperationRules } from '@userbridge/vendor-core';

/** Canonical fields Convirza has no place for: refused by name, never dropped silently. */
export const CONVIRZA_NOT_WRITABLE: Partial<Record<keyof UserWriteInput, string>> = {
  username: "Convirza's username is the email address: send email instead",
  displayName: 'Convirza stores first and last names only: send firstName and lastName',
  language: 'Convirza users have no language setting',
  permissions: 'Convirza permissions are not writable through this API',
  password: 'Convirza sets a temporary password itself on create',
  company: 'Convirza users have no company',
  department: 'Convirza users have no department',
};

const ORG_UNIT = ['orgUnitId', 'groups'] as const;

/** What each write requires; the org unit comes as orgUnitId or as the one group. */
export const CONVIRZA_REQUIRED = {
  create: ['email', 'firstName', 'lastName', ORG_UNIT, 'role'],
  replace: ['email', 'firstName', 'lastName', ORG_UNIT, 'role', 'status'],
  patch: [],
} as const satisfies Record<string, WriteOperationRules['required']>;

const NOTES =
  'Exactly one org unit (a positive integer, as orgUnitId or groups: [{ "id": "<id>" }]); ' +
  'role admin, member or read_only; status active or inactive (use DELETE to delete).';

export const CONVIRZA_WRITE_RULES: VendorWriteRules = {
  create: {
    required: CONVIRZA_REQUIRED.create,
    refused: CONVIRZA_NOT_WRITABLE,
    notes: NOTES,
    example: {
      email: 'new.agent@example.com',
      firstName: 'New',
      lastName: 'Agent',
      orgUnitId: 1001,
      role: 'member',
      externalId: 'EXT-NEW-001',
      timezone: 'America/New_York',
      phone: '+14155550134',
    },
  },
  replace: {
    required: CONVIRZA_REQUIRED.replace,
    refused: CONVIRZA_NOT_WRITABLE,
    notes: `${NOTES} Optional fields left out are cleared.`,
    example: {
      email: 'new.agent@example.com',
      firstName: 'New',
      lastName: 'Agent',
      orgUnitId: 1002,
      role: 'admin',
      status: 'active',
    },
  },
  patch: {
    required: CONVIRZA_REQUIRED.patch,
    refused: CONVIRZA_NOT_WRITABLE,
    notes: `${NOTES} At least one field.`,
    example: { status: 'inactive' },
  },
};
