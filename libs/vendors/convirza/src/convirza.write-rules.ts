import { UserWriteInput, VendorWriteRules, WriteOperationRules } from '@userbridge/vendor-core';
import { CONVIRZA_NOT_WRITABLE, CONVIRZA_REQUIRED, WriteMode } from './convirza-write.mapper';

const ORG_UNIT = ['orgUnitId', 'groups'] as const;

/** The mapper's required fields, where "orgUnitId" is the org unit given either way. */
const requiredFor = (mode: WriteMode): WriteOperationRules['required'] =>
  CONVIRZA_REQUIRED[mode].map((field) =>
    field === 'orgUnitId' ? ORG_UNIT : (field as keyof UserWriteInput),
  );

const NOTES =
  'Exactly one org unit (a positive integer, as orgUnitId or groups: [{ "id": "<id>" }]); ' +
  'role admin, member or read_only; status active or inactive (use DELETE to delete); ' +
  'permissions score_call and access_audio only.';

export const CONVIRZA_WRITE_RULES: VendorWriteRules = {
  create: {
    required: requiredFor('create'),
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
    required: requiredFor('replace'),
    refused: CONVIRZA_NOT_WRITABLE,
    notes: `${NOTES} Fields the gateway does not model are kept as read.`,
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
    required: requiredFor('patch'),
    refused: CONVIRZA_NOT_WRITABLE,
    notes: `${NOTES} At least one field.`,
    example: { status: 'inactive' },
  },
};
