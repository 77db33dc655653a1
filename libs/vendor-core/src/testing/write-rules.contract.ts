import { DomainError } from '@userbridge/errors';
import {
  UserWriteInput,
  VendorUserRecord,
  VendorWriteRules,
  WRITE_OPERATIONS,
  WriteOperation,
} from '../port';

/** A well-formed value for each canonical field, so only the vendor's rule can refuse it. */
const SAMPLE: Required<{ [K in keyof UserWriteInput]: NonNullable<UserWriteInput[K]> }> = {
  email: 'sample.person@example.com',
  username: 'sample.person',
  firstName: 'Sample',
  lastName: 'Person',
  displayName: 'Sample Person',
  phone: '+14155550177',
  role: 'member',
  status: 'active',
  timezone: 'Europe/London',
  language: 'en-US',
  groups: [{ id: '1001' }],
  externalId: 'EXT-SAMPLE',
  permissions: ['calls:read'],
  password: 'sample-password-123',
  company: 'Sample Ltd',
  department: 'sales',
  orgUnitId: 1001,
};

/** A user as read with nothing set, for writes that compare against the current user. */
export function blankUser(vendor: string, vendorId: string): VendorUserRecord['user'] {
  return {
    id: `${vendor}:${vendorId}`,
    vendor,
    vendorId,
    email: null,
    username: null,
    firstName: null,
    lastName: null,
    displayName: null,
    phone: null,
    role: 'read_only',
    vendorRole: null,
    status: 'active',
    timezone: null,
    language: null,
    groups: [],
    externalId: null,
    permissions: [],
    createdAt: null,
    updatedAt: null,
    lastLoginAt: null,
  };
}

function refusedFields(write: () => unknown): string[] {
  try {
    write();
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'invalid_request') throw error;
    const fields = (error.details?.fields ?? []) as { field: string }[];
    return fields.map((problem) => problem.field);
  }
  return [];
}

/**
 * The rules a vendor publishes are the rules its write mapper enforces: its
 * examples pass, leaving out a required field is refused naming it, and giving
 * a refused field is refused naming it.
 */
export function describeWriteRulesContract(
  rules: VendorWriteRules,
  write: (input: UserWriteInput, operation: WriteOperation) => unknown,
): void {
  for (const operation of WRITE_OPERATIONS) {
    const rule = rules[operation];
    if (!rule) continue;
    describe(`published ${operation} rules`, () => {
      it('accept the published example', () => {
        expect(refusedFields(() => write(rule.example, operation))).toEqual([]);
      });

      for (const entry of rule.required) {
        const fields: readonly string[] = typeof entry === 'string' ? [entry] : entry;
        it(`refuse a body without ${fields.join(' or ')}`, () => {
          const input: Record<string, unknown> = { ...rule.example };
          for (const field of fields) delete input[field];
          const refused = refusedFields(() => write(input as UserWriteInput, operation));
          expect(refused.some((field) => fields.includes(field))).toBe(true);
        });
      }

      for (const field of Object.keys(rule.refused)) {
        it(`refuse ${field}`, () => {
          const key = field as keyof UserWriteInput;
          const input = { ...rule.example, [key]: SAMPLE[key] } as UserWriteInput;
          expect(refusedFields(() => write(input, operation))).toContain(field);
        });
      }
    });
  }
}
