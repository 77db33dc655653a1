import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vm from 'node:vm';

interface CacheStats {
  compiled: number;
  fromCache: number;
  rejected: number;
}

/**
 * The jest runtime of this repository (scripts/jest-code-cache-runtime.js)
 * relies on jest-runtime compiling every CommonJS module through
 * `vm.compileFunction`. These fail when an upgrade of jest changes that.
 */
describe('jest code cache runtime', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'userbridge-code-cache-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // A copy: the runtime goes on counting in the object it exposes.
  const stats = (): CacheStats => ({
    compiled: -1,
    fromCache: -1,
    rejected: -1,
    ...(vm.compileFunction as unknown as { stats?: CacheStats }).stats,
  });

  it('is the runtime jest loads modules with', () => {
    expect(vm.compileFunction.name).toBe('cachedCompile');
    const { compiled, fromCache } = stats();
    expect(compiled + fromCache).toBeGreaterThan(0);
  });

  it("compiles a module once, then every fresh registry's require of it comes from the cache", () => {
    // Text no run has compiled before: its first compile cannot come from the cache.
    const marker = `${process.pid}-${Date.now()}-${Math.random()}`;
    const file = join(dir, 'probe.js');
    writeFileSync(
      file,
      `module.exports = { marker: ${JSON.stringify(marker)}, twice: (n) => n * 2 };\n`,
    );
    type Probe = { marker: string; twice: (n: number) => number };
    const load = () => {
      let loaded: Probe | undefined;
      jest.isolateModules(() => {
        loaded = jest.requireActual<Probe>(file);
      });
      return loaded;
    };

    const before = stats();
    const first = load();
    const afterFirst = stats();
    const second = load();
    const afterSecond = stats();

    expect(first?.marker).toBe(marker);
    expect(second?.marker).toBe(marker);
    expect(second?.twice(21)).toBe(42);
    expect(afterFirst.compiled - before.compiled).toBe(1);
    expect(afterSecond.fromCache - afterFirst.fromCache).toBe(1);
    expect(afterSecond.rejected).toBe(before.rejected);
  });
});
