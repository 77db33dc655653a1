import { UserWriteInput, VendorWriteRules } from '@userbridge/vendor-core';
import { CREDIRA_NOT_WRITABLE } from './credira-write.mapper';

const AFTER_CREATE: Partial<Record<keyof UserWriteInput, string>> = {
  ...CREDIRA_NOT_WRITABLE,
  email: "Credira does not allow changing a user's email",
  company: "a Credira user's company is set on create only",
};

const NAME_NOTE =
  'Credira keeps one full name: give displayName, or firstName and lastName (joined).';

/** What toCrediraBody enforces, published for the API description (checked by its spec). */
export const CREDIRA_WRITE_RULES: VendorWriteRules = {
  create: {
    required: ['email', ['displayName', 'firstName', 'lastName'], 'company'],
    refused: {
      ...CREDIRA_NOT_WRITABLE,
      permissions: "Credira's create takes no permissions: create the user, then set them",
    },
    notes: `${NAME_NOTE} A new user is active: status, if given, must be active.`,
    example: {
      email: 'new.agent@example.com',
      displayName: 'New Agent',
      company: 'Acme Corporation',
      role: 'manager',
      department: 'finance',
    },
  },
  replace: {
    required: [],
    refused: AFTER_CREATE,
    notes: `${NAME_NOTE} Credira's PUT changes only the fields given; at least one field.`,
    example: { displayName: 'New Agent', role: 'admin', status: 'inactive' },
  },
  patch: {
    required: [],
    refused: AFTER_CREATE,
    notes: `${NAME_NOTE} On a PATCH, firstName and lastName come together. At least one field.`,
    example: { status: 'inactive' },
  },
};
