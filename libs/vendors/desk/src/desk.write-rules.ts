import { VendorWriteRules } from '@userbridge/vendor-core';
import { DESK_MIN_PASSWORD, DESK_NOT_WRITABLE, DESK_REQUIRED } from './desk-write.mapper';

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
