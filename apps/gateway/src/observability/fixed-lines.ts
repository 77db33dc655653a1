import { levels } from 'pino';
import { isoTimeOncePerMs, SERVICE } from './line-format';

const SERVICE_FIELD = `,"service":${JSON.stringify(SERVICE)}`;

export type FixedLevel = 'info' | 'warn' | 'error';

/** Where lines go: the gateway's line batcher, or a test's stream. */
export interface LineDestination {
  write(line: string): unknown;
}

/**
 * The lines written for every request and every vendor call, formatted by
 * hand in exactly the shape pino gives the other lines (`level` by name, ISO
 * `time`, `service`, the fields, `msg`). Their fields are fixed in advance
 * (numbers, enums, labels the gateway made or checked, and a vendor call's
 * `vendorText`, scrubbed by the HTTP client), so the line is a template: pino's generic path (a walk over the fields, its
 * serializer and hooks) costs several times as much, paid twice per proxied
 * read (docs/performance.md, "Why the hot path is built as it is").
 * Every text is quoted as `JSON.stringify` quotes it (`jsonString`).
 */
export class FixedLines {
  private readonly threshold: number;

  constructor(
    level: string,
    private readonly destination: LineDestination,
  ) {
    // 'silent' and unknown names write nothing, as pino does for 'silent'.
    this.threshold = levels.values[level] ?? Infinity;
  }

  isLevelEnabled(level: FixedLevel): boolean {
    return levels.values[level] >= this.threshold;
  }

  /** `fields` are JSON object members, each with its leading comma (`,"a":1,"b":"x"`). */
  write(level: FixedLevel, fields: string, msg: string): void {
    this.destination.write(
      `{"level":"${level}"${isoTimeOncePerMs()}${SERVICE_FIELD}${fields},"msg":${jsonString(msg)}}\n`,
    );
  }
}

/** A JSON string member, left out when the value is undefined (as pino leaves it out). */
export function stringField(name: string, value: string | undefined): string {
  return value === undefined ? '' : `,"${name}":${jsonString(value)}`;
}

// What JSON.stringify escapes in a string: the quote, the backslash, control characters and
// lone surrogates (a pair is kept as it is; a lone half is refused here and left to it).
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify(text)`, byte for byte. Most texts of a line (request ids,
 * methods, route templates, key labels) need no escaping, and quoting them
 * directly skips a call into the runtime that dominates a request line's
 * cost; any text with a character JSON escapes still goes through it.
 */
export function jsonString(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** A JSON number member, `null` for a value JSON has no number for (as JSON.stringify writes it). */
export function numberField(name: string, value: number | null): string {
  return `,"${name}":${value !== null && Number.isFinite(value) ? value : 'null'}`;
}
