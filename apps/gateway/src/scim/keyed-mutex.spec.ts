import { KeyedMutex } from './keyed-mutex';

describe('KeyedMutex', () => {
  it('runs the holders of one key one after another, other keys in parallel', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    let releaseFirst!: () => void;
    const first = mutex.run('a', async () => {
      events.push('a1 start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      events.push('a1 end');
    });
    const second = mutex.run('a', async () => {
      events.push('a2 start');
    });
    const other = mutex.run('b', async () => {
      events.push('b start');
    });
    await other;
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['a1 start', 'b start']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['a1 start', 'b start', 'a1 end', 'a2 start']);
  });

  it('releases the key when the holder throws', async () => {
    const mutex = new KeyedMutex();
    await expect(
      mutex.run('a', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(mutex.run('a', async () => 'next')).resolves.toBe('next');
  });
});
