import type { LineDestination } from './fixed-lines';

const COLOURS: Record<string, string> = {
  trace: '\u001b[90m',
  debug: '\u001b[36m',
  info: '\u001b[32m',
  warn: '\u001b[33m',
  error: '\u001b[31m',
  fatal: '\u001b[35m',
};
const RESET = '\u001b[0m';
const DIM = '\u001b[2m';

/** Fields every line has, shown in the line's head rather than after it. */
const HEAD_FIELDS = new Set(['level', 'time', 'service', 'context', 'msg', 'reqId']);

/**
 * One JSON log line as a person reads it in a terminal: local time, level,
 * `[context]`, the message, then the request id and the line's other fields
 * dimmed; an error's stack on the lines below. Anything that is not a JSON
 * object is passed through as it is. Only for a terminal: piped output stays
 * JSON lines, one object a line, for the machines that read it.
 */
export function prettyLine(line: string, colour = true): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return line;
    entry = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = String(entry.level ?? 'info');
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const paint = (code: string | undefined, text: string) =>
    colour && code ? `${code}${text}${RESET}` : text;
  const head = [
    time,
    paint(COLOURS[level], level.toUpperCase().padEnd(5)),
    entry.context === undefined ? null : `[${String(entry.context)}]`,
    String(entry.msg ?? ''),
  ].filter((part) => part !== null && part !== '');
  const rest: string[] = [];
  if (entry.reqId !== undefined) rest.push(`reqId=${String(entry.reqId)}`);
  let stack: string | null = null;
  for (const [key, value] of Object.entries(entry)) {
    if (HEAD_FIELDS.has(key)) continue;
    if (key === 'stack' && typeof value === 'string') stack = value;
    else if (key === 'err' && typeof value === 'object' && value !== null) {
      const err = value as { message?: unknown; stack?: unknown };
      stack = typeof err.stack === 'string' ? err.stack : String(err.message ?? '');
    } else rest.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  let text = head.join(' ');
  if (rest.length > 0) text += ` ${paint(DIM, rest.join(' '))}`;
  if (stack) text += `\n    ${stack.split('\n').join('\n    ')}`;
  return `${text}\n`;
}

/** A destination that writes each line pretty-printed (prettyLine) to the one behind it. */
export class PrettyLines implements LineDestination {
  constructor(
    private readonly output: LineDestination,
    private readonly colour = true,
  ) {}

  write(line: string): boolean {
    // pino and FixedLines hand over one whole line a write.
    this.output.write(prettyLine(line.endsWith('\n') ? line.slice(0, -1) : line, this.colour));
    return true;
  }
}
