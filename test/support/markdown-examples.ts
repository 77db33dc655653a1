import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The documented convention (docs/development.md, "Examples that are tested")
 * that lets a test run the README's examples: a fenced `bash` block right after
 * `<!-- runnable: npm start -->` holds commands, each followed by `# → …`
 * lines showing what it prints.
 */
export const RUNNABLE_MARKER = '<!-- runnable: npm start -->';
export const BANNER_MARKER = '<!-- banner: npm start -->';
/** The address the examples are written for; the test puts its gateway's in its place. */
export const DOCUMENTED_BASE = 'http://127.0.0.1:3000';
const EXPECT_PREFIX = '# →';
const ASSIGNMENTS = /^[A-Za-z_]\w*=\S+(\s+[A-Za-z_]\w*=\S+)*$/;

export interface ExampleCommand {
  /** Where it is written: `README.md:57`. */
  where: string;
  /** The shell text, its continuation lines included. */
  command: string;
  /** Variable assignments written above it in the file's runnable blocks. */
  assignments: string[];
  /** Each `# →` line's text: the output must contain them in order, `…` standing for anything. */
  expected: string[];
}

/** The fenced block after each occurrence of `marker`, with its first line number. */
function blocksAfter(
  file: string,
  text: string,
  marker: string,
): { line: number; body: string[] }[] {
  const lines = text.split('\n');
  const blocks: { line: number; body: string[] }[] = [];
  lines.forEach((line, index) => {
    if (line.trim() !== marker) return;
    let open = index + 1;
    while (open < lines.length && lines[open].trim() === '') open++;
    if (!/^```(bash)?\s*$/.test(lines[open] ?? ''))
      throw new Error(`${file}:${index + 1}: ${marker} must be followed by a fenced block`);
    const close = lines.findIndex((l, i) => i > open && l.trim() === '```');
    if (close < 0) throw new Error(`${file}:${open + 1}: unclosed fenced block`);
    blocks.push({ line: open + 2, body: lines.slice(open + 1, close) });
  });
  return blocks;
}

/** Every command of a Markdown file's runnable blocks, in the order they are written. */
export function runnableCommands(root: string, file: string): ExampleCommand[] {
  const text = readFileSync(join(root, file), 'utf8');
  const commands: ExampleCommand[] = [];
  const assignments: string[] = [];
  for (const block of blocksAfter(file, text, RUNNABLE_MARKER)) {
    let pending = '';
    let pendingLine = 0;
    block.body.forEach((raw, offset) => {
      const line = raw.trimEnd();
      const where = `${file}:${block.line + offset}`;
      if (pending === '') pendingLine = block.line + offset;
      if (line.endsWith('\\')) {
        pending += `${line}\n`;
        return;
      }
      const whole = `${pending}${line}`.trim();
      pending = '';
      if (whole === '') return;
      if (whole.startsWith(EXPECT_PREFIX)) {
        const last = commands[commands.length - 1];
        if (!last || last.where.split(':')[0] !== file)
          throw new Error(`${where}: "${EXPECT_PREFIX}" line with no command before it`);
        last.expected.push(whole.slice(EXPECT_PREFIX.length).trim());
      } else if (whole.startsWith('#')) {
        return;
      } else if (ASSIGNMENTS.test(whole)) {
        assignments.push(whole);
      } else {
        commands.push({
          where: `${file}:${pendingLine}`,
          command: whole,
          assignments: [...assignments],
          expected: [],
        });
      }
    });
  }
  for (const command of commands) {
    if (command.expected.length === 0)
      throw new Error(`${command.where}: a runnable command needs a "${EXPECT_PREFIX}" line`);
  }
  return commands;
}

/** The banner block's lines, as written. */
export function documentedBanner(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const blocks = blocksAfter(file, text, BANNER_MARKER);
  if (blocks.length !== 1) throw new Error(`${file}: expected one ${BANNER_MARKER} block`);
  return blocks[0].body;
}

/**
 * Where `output` fails to contain the expected lines' pieces (split at `…`) in
 * order; null when it contains them all.
 */
export function missingPiece(output: string, expected: readonly string[]): string | null {
  let at = 0;
  for (const line of expected) {
    for (const piece of line.split('…').filter((p) => p.length > 0)) {
      const found = output.indexOf(piece, at);
      if (found < 0) return piece;
      at = found + piece.length;
    }
  }
  return null;
}

/** Markdown files of the repository (README.md, docs/, each app's, lib's and client's README). */
export function markdownFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.') || name.startsWith('dist')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) found.push(relative(root, path));
    }
  };
  for (const top of ['README.md', 'docs', 'apps', 'libs', 'clients']) {
    const path = join(root, top);
    if (!existsSync(path)) continue;
    if (statSync(path).isDirectory()) walk(path);
    else found.push(top);
  }
  return found.sort();
}

/** Markdown text without its fenced code blocks (links and headings only live outside them). */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(path: string): Set<string> {
  const headings = prose(readFileSync(path, 'utf8'))
    .split('\n')
    .filter((line) => /^#{1,6}\s/.test(line))
    .map((line) => headingAnchor(line.replace(/^#+\s/, '')));
  return new Set(headings);
}

/** Relative links of a Markdown file whose target file or heading does not exist. */
export function brokenLinks(root: string, file: string): string[] {
  const broken: string[] = [];
  const text = prose(readFileSync(join(root, file), 'utf8'));
  for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1];
    if (/^[a-z]+:/i.test(target)) continue;
    const [path, anchor] = target.split('#');
    const resolved = path === '' ? join(root, file) : resolve(root, dirname(file), path);
    if (!existsSync(resolved)) {
      broken.push(`${file}: ${target} (no such file)`);
    } else if (anchor !== undefined && resolved.endsWith('.md')) {
      if (!anchorsOf(resolved).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
    }
  }
  return broken;
}

/** The `npm run <script>` (and `npm start` / `npm test`) names a Markdown text mentions. */
export function npmScriptsNamed(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/\bnpm run ([\w:*-]+)/g)) names.add(match[1]);
  for (const match of text.matchAll(/\bnpm (start|test)\b/g)) names.add(match[1]);
  return [...names];
}
