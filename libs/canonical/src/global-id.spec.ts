import { statusFromTable } from './status';
import { formatGlobalId, parseGlobalId } from './global-id';

describe('global ids', () => {
  it('formats and parses', () => {
    expect(formatGlobalId('credira', 'user_1')).toBe('credira:user_1');
    expect(parseGlobalId('credira:user_1')).toEqual({ vendor: 'credira', vendorId: 'user_1' });
  });

  it('keeps colons after the first in the vendor id', () => {
    expect(parseGlobalId('desk:1:2')).toEqual({ vendor: 'desk', vendorId: '1:2' });
  });

  it.each(['', 'convirza', ':12', 'convirza:', 'Convirza:1', '../x:1', ' convirza:1'])(
    'rejects %p',
    (text) => {
      expect(parseGlobalId(text)).toBeNull();
    },
  );
});

describe('statusFromTable', () => {
  const table = { active: 'active', suspended: 'inactive' } as const;
  it.each([
    [' Active ', 'active'],
    ['SUSPENDED', 'inactive'],
    ['locked', 'inactive'],
    ['constructor', 'inactive'],
    [null, 'inactive'],
  ])('%p -> %p', (value, status) => expect(statusFromTable(value, table)).toBe(status));
});
