import {
  VendorFailureError,
  VendorHttpClient,
  VendorNotFoundError,
  VendorRequest,
  VendorResponse,
} from '@userbridge/vendor-core';
import { Readable } from 'node:stream';
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

  describe('pages: the one list answer, streamed', () => {
    /** A desk whose list answer arrives as these byte chunks. */
    function streamingDesk(chunks: string[]) {
      const client = {
        maxAnswerBytes: 1_000_000,
        openStream: () =>
          Promise.resolve({
            status: 200,
            headers: {},
            body: Readable.from(chunks.map((chunk) => Buffer.from(chunk))),
          }),
      } as unknown as VendorHttpClient;
      return new DeskAdapter(client, []);
    }
    const users = Array.from({ length: 7 }, (_, i) => ({ id: String(i + 1), email: `u${i}@x.co` }));
    const body = JSON.stringify(users);

    async function read(adapter: DeskAdapter, pageSize: number) {
      const pages: { ids: string[]; offset: number; next: number | null; total?: number | null }[] =
        [];
      try {
        for await (const page of adapter.pages({ pageSize }))
          pages.push({
            ids: page.users.map((r) => r.user.vendorId),
            offset: page.offset,
            next: page.nextOffset,
            ...(page.total === undefined ? {} : { total: page.total }),
          });
        return { pages, error: null };
      } catch (error) {
        return { pages, error: error as VendorFailureError };
      }
    }

    it('hands users on in pages of the size asked, in the order answered, however the bytes are cut', async () => {
      const whole = await read(
        streamingDesk([body.slice(0, 13), body.slice(13, 80), body.slice(80)]),
        3,
      );
      expect(whole.error).toBeNull();
      expect(whole.pages).toEqual([
        { ids: ['1', '2', '3'], offset: 0, next: 3 },
        { ids: ['4', '5', '6'], offset: 3, next: 6 },
        { ids: ['7'], offset: 6, next: null, total: 7 },
      ]);
    });

    it.each([
      ['cut short', [body.slice(0, body.length - 10)], 'truncated'],
      ['cut before its closing bracket', [body.slice(0, -1)], 'truncated'],
      ['broken inside a user', [body.replace('"id":"5"', '"id":"5",,')], 'malformed'],
      ['not an array', ['{"users":[]}'], 'malformed'],
    ])(
      'an answer %s fails the read after the pages before it, never with a last page',
      async (_case, chunks, cause) => {
        const { pages, error } = await read(streamingDesk(chunks), 3);
        expect(error).toBeInstanceOf(VendorFailureError);
        expect(error?.details).toMatchObject({ cause });
        expect(pages.every((page) => page.next !== null)).toBe(true);
        // Six whole users arrived before the cut: their two full pages were handed on.
        if (cause === 'truncated') expect(pages.map((page) => page.offset)).toEqual([0, 3]);
      },
    );
  });
});
