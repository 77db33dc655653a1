import { canonicalUser, FakeAdapter } from '@userbridge/directory/testing';
import { VendorRegistry, VendorTimeoutError } from '@userbridge/vendor-core';
import { UsersService } from './users.service';

/** The live read of one account that SCIM writes and offboarding plans and runs check against. */
describe('UsersService.current', () => {
  const desk = new FakeAdapter('desk');
  desk.users = [canonicalUser('desk', '3', { status: 'inactive' })];
  const users = new UsersService(new VendorRegistry([desk]));

  it('answers the account as its vendor holds it now', async () => {
    const account = await users.current(users.resolve('desk:3'));
    expect(account).toMatchObject({ id: 'desk:3', status: 'inactive' });
  });

  it('answers null when the vendor has no such user', async () => {
    expect(await users.current(users.resolve('desk:4'))).toBeNull();
  });

  it('throws what else the vendor answers: an outage is not a missing account', async () => {
    desk.getFault = new VendorTimeoutError('desk', 1000);
    try {
      await expect(users.current(users.resolve('desk:3'))).rejects.toBeInstanceOf(
        VendorTimeoutError,
      );
    } finally {
      desk.getFault = null;
    }
  });
});
