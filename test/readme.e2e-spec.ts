import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unpackMigratedDataDir } from '@userbridge/directory/testing';
import { GatewayProcess, startGatewayProcess } from './support/gateway-process';
import {
  brokenLinks,
  DOCUMENTED_BASE,
  documentedBanner,
  ExampleCommand,
  markdownFiles,
  missingPiece,
  npmScriptsNamed,
  runnableCommands,
} from './support/markdown-examples';
import { until } from './support/poll';
import { VENDOR_PLUGINS } from '../apps/gateway/src/vendors/vendor-plugins';

/**
 * The README is a promise to a user: the commands it shows work against
 * `npm start` and print what it says, the scripts the docs name exist, and
 * every link between the pages leads somewhere.
 */
const ROOT = join(__dirname, '..');
const run = promisify(execFile);
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
/** Files whose runnable examples are run, in this order (the README's first: it is the tour). */
const EXAMPLE_FILES = ['README.md', 'docs/api.md'];

/** The TypeScript sources (specs and test helpers left out) under the given folders. */
function sourceFiles(folders: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'testing' && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) found.push(path);
    }
  };
  folders.forEach(walk);
  return found;
}

/** A `node …` package script as the arguments Node is given. */
function nodeArgsOf(script: string): string[] {
  const [program, ...args] = packageJson.scripts[script].trim().split(/\s+/);
  if (program !== 'node') throw new Error(`"${script}" is expected to run node, not ${program}`);
  return args;
}

describe('the docs name what exists', () => {
  const files = markdownFiles(ROOT);

  it('finds the pages', () => {
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'docs/api.md', 'docs/configuration.md']),
    );
  });

  it('names only npm scripts that package.json has', () => {
    const missing: string[] = [];
    for (const file of files) {
      for (const name of npmScriptsNamed(readFileSync(join(ROOT, file), 'utf8'))) {
        const pattern = new RegExp(
          `^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.+')}$`,
        );
        if (!Object.keys(packageJson.scripts).some((script) => pattern.test(script)))
          missing.push(`${file}: npm run ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names only test and source files that exist', () => {
    const missing: string[] = [];
    for (const file of ['README.md', ...files.filter((f) => f.startsWith('docs/'))]) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const match of text.matchAll(
        /`((?:apps|libs|test|scripts|bench|clients)\/[\w./-]+\.(?:ts|js|sh|json|sql|md))`/g,
      )) {
        if (!existsSync(join(ROOT, match[1]))) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('lists every environment variable the gateway and the sandbox read in docs/configuration.md', () => {
    const read = new Set(VENDOR_PLUGINS.flatMap((plugin) => [...plugin.envVars]));
    for (const file of sourceFiles(['apps', 'libs'])) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const match of text.matchAll(/\benv(?:\.|\[')([A-Z][A-Z0-9_]+)/g)) read.add(match[1]);
      for (const match of text.matchAll(/\binteger\(\s*env,\s*'([A-Z][A-Z0-9_]+)'/g))
        read.add(match[1]);
    }
    const documented = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
    expect(read.size).toBeGreaterThan(20);
    expect([...read].filter((name) => !documented.includes(`\`${name}\``)).sort()).toEqual([]);
  });

  it('links only to files and headings that exist', () => {
    expect(files.flatMap((file) => brokenLinks(ROOT, file))).toEqual([]);
  });
});

describe('the README against npm start (e2e)', () => {
  const examples = new Map<string, ExampleCommand[]>(
    EXAMPLE_FILES.map((file) => [file, runnableCommands(ROOT, file)]),
  );
  const workDirs = new Map<string, string>();
  let gateway: GatewayProcess | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    // `npm start` is `prestart` (build when missing or stale) then `start`.
    execFileSync(process.execPath, nodeArgsOf('prestart'), { cwd: ROOT, stdio: 'ignore' });
    // A store as `npm start` leaves it after its first boot (boot.e2e covers that boot).
    dataDir = mkdtempSync(join(tmpdir(), 'userbridge-readme-store-'));
    await unpackMigratedDataDir(dataDir);
    gateway = await startGatewayProcess({ USERBRIDGE_DATA_DIR: dataDir }, nodeArgsOf('start'));
    const key = { authorization: 'Bearer userbridge-demo-key' };
    // The tour starts once the boot sync has stored its reconciliation, as the README says.
    await until(
      'the boot sync and its reconciliation',
      async () => {
        const answer = await fetch(`${gateway?.url}/v1/identities/summary`, { headers: key });
        return ((await answer.json()) as { meta?: { source?: string } }).meta?.source ?? null;
      },
      (source) => source === 'store',
      120_000,
    );
    for (const file of EXAMPLE_FILES)
      workDirs.set(file, mkdtempSync(join(tmpdir(), 'userbridge-readme-')));
  }, 600_000);

  afterAll(async () => {
    await gateway?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    for (const dir of workDirs.values()) rmSync(dir, { recursive: true, force: true });
  });

  it('has a tour of at least a list, a get and the offboarding-gap CSV', () => {
    const tour = examples.get('README.md') ?? [];
    expect(tour.length).toBeGreaterThanOrEqual(3);
    const text = tour.map((c) => c.command).join('\n');
    expect(text).toContain('/v1/users?');
    expect(text).toContain('/v1/users/');
    expect(text).toContain('format=csv');
  });

  it('prints the banner the README shows', () => {
    const url = gateway?.url as string;
    const written = documentedBanner(ROOT, 'README.md').map((line) =>
      line.split(DOCUMENTED_BASE).join(url),
    );
    const printed = (gateway?.output() ?? '').split('\n').slice(0, written.length);
    expect(printed).toHaveLength(written.length);
    written.forEach((line, i) => {
      const pattern = line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<port>/g, '\\d+');
      expect(printed[i]).toMatch(new RegExp(`^${pattern}$`));
    });
  });

  const all = EXAMPLE_FILES.flatMap((file) =>
    (examples.get(file) ?? []).map((example) => ({ file, example })),
  );
  it.each(all.map(({ file, example }) => [example.where, file, example] as const))(
    '%s runs and prints what the docs show',
    async (_where, file, example) => {
      const url = gateway?.url as string;
      const script = [...example.assignments, example.command]
        .map((line) => line.split(DOCUMENTED_BASE).join(url))
        .join('\n');
      const { stdout, stderr } = await run(
        'bash',
        ['--norc', '--noprofile', '-euo', 'pipefail', '-c', script],
        {
          cwd: workDirs.get(file),
          env: { PATH: process.env.PATH ?? '' },
          timeout: 60_000,
        },
      ).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
        throw new Error(
          `${example.where} exited ${error.code}:\n${example.command}\n${error.stdout ?? ''}${error.stderr ?? ''}`,
        );
      });
      expect(stderr).toBe('');
      const missing = missingPiece(stdout, example.expected);
      if (missing !== null)
        throw new Error(
          `${example.where}: the output lacks ${JSON.stringify(missing)}:\n${example.command}\n${stdout.slice(0, 2000)}`,
        );
    },
  );
});
