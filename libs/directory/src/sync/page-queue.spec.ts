import { PageQueue } from './page-queue';

const page = (users: number) => ({ users: Array.from({ length: users }, (_, i) => i) });
const size = (item: { users: number[] }) => item.users.length;
const settled = async <T>(promise: Promise<T>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
};

describe('PageQueue', () => {
  it('hands the writer a batch once enough users are queued, in order', async () => {
    const queue = new PageQueue(10, 100, size);
    const taking = queue.take();
    await queue.push(page(4));
    expect(await settled(taking)).toBe(false);
    await queue.push(page(6));
    const batch = await taking;
    expect(batch.map(size)).toEqual([4, 6]);
  });

  it('holds the reader while the limit is queued, and lets it go when the writer takes', async () => {
    const queue = new PageQueue(10, 20, size);
    await queue.push(page(15));
    const blocked = queue.push(page(5));
    expect(await settled(blocked)).toBe(false);
    expect((await queue.take()).map(size)).toEqual([15, 5]);
    expect(await settled(blocked)).toBe(true);
  });

  it('gives what is left once the read ends, then nothing', async () => {
    const queue = new PageQueue(10, 100, size);
    await queue.push(page(3));
    const taking = queue.take();
    expect(await settled(taking)).toBe(false);
    queue.end();
    expect((await taking).map(size)).toEqual([3]);
    expect(await queue.take()).toEqual([]);
  });

  it('releases a waiting reader when the writer stops', async () => {
    const queue = new PageQueue(1, 2, size);
    const blocked = queue.push(page(5));
    expect(await settled(blocked)).toBe(false);
    queue.close();
    await blocked;
    expect(queue.closed).toBe(true);
  });
});
