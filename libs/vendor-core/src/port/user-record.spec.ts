import { blankUser } from '../testing/write-rules.contract';
import { userRecord } from './user-record';

const USER = blankUser('desk', '7');

describe('userRecord', () => {
  it('makes vendorData only when it is read, once', () => {
    const make = jest.fn(() => ({ name: 'Zoë' }));
    const record = userRecord(USER, make);
    expect(record.user).toBe(USER);
    expect(make).not.toHaveBeenCalled();
    expect(record.vendorData).toEqual({ name: 'Zoë' });
    expect(record.vendorData).toBe(record.vendorData);
    expect(make).toHaveBeenCalledTimes(1);
  });

  it('reads as a plain record when spread, compared or serialised', () => {
    const record = userRecord(USER, () => ({ a: 1 }));
    expect({ ...record }).toEqual({ user: USER, vendorData: { a: 1 } });
    expect(record).toEqual({ user: USER, vendorData: { a: 1 } });
    expect(JSON.parse(JSON.stringify(record))).toEqual({ user: USER, vendorData: { a: 1 } });
  });
});
