import {
  VendorFailureError,
  VendorHttpClient,
  VendorNotFoundError,
  VendorRequest,
  VendorResponse,
} from '@userbridge/vendor-core';
import { DeskAdapter } from './desk.adapter';

/** A desk behind VendorHttpClient whose Get User answers `answer(id)`. */
function fakeDesk(answer: (id: string) => unknown, all: unknown[] = []) {
  const requests: VendorRequest[] = [];
  const send = (request: VendorRequest): Promise<VendorResponse> => {
    requests.push(request);
    const [, id] = String(request.path).split('/');
    const body = id === undefined ? all : answer(decodeURIComponent(id));
    return Promise.resolve({ status: 200, headers: {}, body });
  };
  const client = { send, sendOk: VendorHttpClient.prototype.sendOk } as unknown as VendorHttpClient;
  return { adapter: new DeskAdapter(client, []), requests };
}

describe('DeskAdapter', () => {
  it('returns the user with the id asked for, wherever it sits in the array', async () => {
    const { adapter } = fakeDesk(() => [{ id: '7' }, { id: 'u-8', username: 'eight' }]);
    expect((await adapter.get('u-8')).user).toMatchObject({ id: 'desk:u-8', username: 'eight' });
  });

  it('never shows another user as the one asked for', async () => {
    const { adapter } = fakeDesk(() => [{ id: '7', username: 'seven' }]);
    await expect(adapter.get('8')).rejects.toThrow(VendorFailureError);
    const empty = fakeDesk(() => []);
    await expect(empty.adapter.get('8')).rejects.toThrow(VendorNotFoundError);
  });

  it('lists every other user when one record is odd, in id order, reporting the odd one', async () => {
    const { adapter } = fakeDesk(
      () => [],
      [{ id: 'b-2' }, { id: 'a/../x', username: 'odd' }, { id: '10' }, { id: '9' }],
    );
    const page = await adapter.list({ offset: 0, limit: 10, filters: {} });
    expect(page.users.map((r) => r.user.vendorId)).toEqual(['9', '10', 'b-2']);
    expect(page.rejected).toEqual([
      // Ordered among the text ids ('a/..' before 'b-2'), reported without its unsafe id.
      { vendorId: null, reason: expect.stringContaining('safe'), position: 2 },
    ]);
  });

  it('writes a role unchanged without learning any id, and sends nothing when nothing changes', async () => {
    const user = { id: '5', email: 'a@b.co', is_active: '1', roles: { '23': 'Agent' } };
    const { adapter, requests } = fakeDesk(() => [user]);
    await adapter.replace('5', { email: 'a@b.co', status: 'active', role: 'member' });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET users/5']);
  });
});
