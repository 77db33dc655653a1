import { backoffDelayMs } from './backoff';
import { Coalescer } from './coalescer';
import { routeLabel } from '../vendor-call.observer';

describe('backoffDelayMs', () => {
  it('grows exponentially under the cap, scaled by jitter', () => {
    expect(backoffDelayMs(0, 50, 1000, () => 0.999)).toBe(49);
    expect(backoffDelayMs(1, 50, 1000, () => 0.999)).toBe(99);
    expect(backoffDelayMs(10, 50, 1000, () => 0.999)).toBe(999);
    expect(backoffDelayMs(3, 50, 1000, () => 0)).toBe(0);
  });
});

describe('Coalescer', () => {
  it('runs one call for concurrent identical keys and forgets it once settled', async () => {
    const coalescer = new Coalescer<number>();
    let calls = 0;
    const call = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 10));
    const results = await Promise.all([
      coalescer.run('a', call),
      coalescer.run('a', call),
      coalescer.run('b', call),
    ]);
    expect(results.sort()).toEqual([1, 1, 2]);
    expect(coalescer.size).toBe(0);
    expect(await coalescer.run('a', call)).toBe(3);
  });

  it('shares failures too, then lets the next call try again', async () => {
    const coalescer = new Coalescer<number>();
    const failing = () => Promise.reject(new Error('down'));
    await expect(
      Promise.all([coalescer.run('a', failing), coalescer.run('a', failing)]),
    ).rejects.toThrow('down');
    await expect(coalescer.run('a', () => Promise.resolve(1))).resolves.toBe(1);
  });
});

describe('routeLabel', () => {
  it.each([
    ['users/12345', 'users/:id'],
    ['/users/user_123456789', 'users/:id'],
    ['users', 'users'],
  ])('%s -> %s', (path, label) => expect(routeLabel(path)).toBe(label));
});
