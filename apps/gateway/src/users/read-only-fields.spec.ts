import { InvalidRequestError } from '@userbridge/errors';
import { UserUpdateDto } from './dto/user-write.dto';
import { settleReadOnlyFields } from './read-only-fields';

const target = {
  id: 'convirza:12345',
  connection: 'convirza',
  vendor: 'convirza',
  vendorId: '12345',
};

describe('settleReadOnlyFields', () => {
  it('keeps the writable fields and names the ignored read-only ones', () => {
    const dto = {
      ...target,
      lastName: 'Doe',
      vendorRole: 'Standard',
      createdAt: '2026-01-01T00:00:00.000Z',
      groups: [{ id: '1001', name: 'Sales East' }],
    } as UserUpdateDto;
    expect(settleReadOnlyFields(dto, target)).toEqual({
      input: { lastName: 'Doe', groups: [{ id: '1001' }] },
      ignored: ['vendorRole', 'createdAt', 'groups[].name'],
    });
  });

  it.each(['id', 'connection', 'vendor', 'vendorId'] as const)(
    'refuses another %s, naming it',
    (field) => {
      const dto = { ...target, [field]: 'other' } as UserUpdateDto;
      expect(() => settleReadOnlyFields(dto, target)).toThrow(InvalidRequestError);
      expect(() => settleReadOnlyFields(dto, target)).toThrow(new RegExp(`^${field} does not`));
    },
  );

  it('names nothing when no read-only field was sent', () => {
    expect(settleReadOnlyFields({ lastName: 'Doe' } as UserUpdateDto, target)).toEqual({
      input: { lastName: 'Doe' },
      ignored: [],
    });
  });
});
