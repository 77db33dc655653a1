import { UserWriteInput, VendorWriteRules } from '@userbridge/vendor-core';

export const DESK_NOT_WRITABLE: Partial<Record<keyof UserWriteInput, string>> = {
  phone: 'the desk API has no phone field for users',
  timezone: "the desk's timezone_id is an internal id, not an IANA zone, and is not writable here",
  externalId: 'the desk has no external id',
  permissions: 'desk permissions come from roles: send role',
  company: 'the desk has no company',
  department: 'the desk has no department',
  orgUnitId: 'org units are Convirza; at the desk send groups: [{ "id": "desk/<id>" }]',
  displayName: 'the desk stores first and last names only: send firstName and lastName',
};

export const DESK_REQUIRED = {
  create: ['username', 'password', 'email'],
  replace: ['email', 'status'],
} as const satisfies Record<string, readonly (keyof UserWriteInput)[]>;

export const DESK_MIN_PASSWORD = 8;

const NOTES =
  `password (write-only, never echoed) at least ${DESK_MIN_PASSWORD} characters; ` +
  'language one of en-US, es-ES, pt-BR, ru-RU; groups are desks, each `desk/<id>`; ' +
  'status active or inactive (the desk cannot delete users).';

export const DESK_WRITE_RULES: VendorWriteRules = {
  create: {
    required: DESK_REQUIRED.create,
    refused: DESK_NOT_WRITABLE,
    notes: NOTES,
    example: {
      username: 'new.agent',
      password: 'correct-horse-battery',
      email: 'new.agent@example.com',
      firstName: 'New',
      lastName: 'Agent',
      role: 'member',
      language: 'en-US',
      groups: [{ id: 'desk/1' }],
    },
  },
  replace: {
    required: DESK_REQUIRED.replace,
    refused: DESK_NOT_WRITABLE,
    notes: NOTES,
    example: {
      username: 'new.agent',
      email: 'new.agent@example.com',
      status: 'inactive',
      role: 'read_only',
    },
  },
};
