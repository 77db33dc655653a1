import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  it('shares one call among concurrent identical keys, and forgets it once settled', async () => {
    const coalescer = new Coalescer<number>();
    let calls = 0;
    let release: (value: number) => void = () => undefined;
    const call = () => {
      calls += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const both = Promise.all([coalescer.run('a', call), coalescer.run('a', call)]);
    expect(coalescer.size).toBe(1);
    release(7);
    expect(await both).toEqual([7, 7]);
    expect(calls).toBe(1);
    expect(coalescer.size).toBe(0);
    await coalescer.run('a', () => Promise.resolve(8));
  });

  it('keeps different keys apart and shares failures too', async () => {
    const coalescer = new Coalescer<number>();
    const failing = () => Promise.reject(new Error('boom'));
    const results = await Promise.allSettled([
      coalescer.run('x', failing),
      coalescer.run('x', failing),
      coalescer.run('y', () => Promise.resolve(1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(coalescer.size).toBe(0);
  });
});
