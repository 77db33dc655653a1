import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Set by jest's global set-up (scripts/jest-global-setup.js) to a directory
 * that lives exactly as long as one jest run; its teardown stops what is in
 * it and removes it. Absent (a bench, a script), every helper falls back to
 * making its own.
 */
export const TEST_RUN_DIR_ENV = 'USERBRIDGE_TEST_RUN_DIR';

export function testRunDir(): string | null {
  const dir = process.env[TEST_RUN_DIR_ENV];
  return dir && existsSync(dir) ? dir : null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The path of `name` in the run directory, made by the first test file that
 * asks for it; files in other workers wait for it. `make` writes the path it
 * is given (renamed into place once complete, so a reader never sees half a
 * file). A failed `make` is recorded, so the waiters fail with its reason
 * instead of timing out.
 */
export async function oncePerRun(
  runDir: string,
  name: string,
  make: (path: string) => Promise<void>,
  timeoutMs = 180_000,
): Promise<string> {
  const path = join(runDir, name);
  if (existsSync(path)) return path;
  const failed = `${path}.failed`;
  try {
    mkdirSync(`${path}.lock`);
  } catch {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(path)) {
      if (existsSync(failed))
        throw new Error(
          `${name} could not be made for this test run: ${readFileSync(failed, 'utf8')}`,
        );
      if (Date.now() > deadline)
        throw new Error(`${name} was not made for this test run within ${timeoutMs} ms`);
      await sleep(100);
    }
    return path;
  }
  const partial = `${path}.partial`;
  try {
    await make(partial);
    renameSync(partial, path);
    return path;
  } catch (error) {
    writeFileSync(failed, error instanceof Error ? (error.stack ?? error.message) : String(error));
    throw error;
  }
}
