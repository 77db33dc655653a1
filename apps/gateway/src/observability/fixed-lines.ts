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
 * `time`, `service`, the fields, `msg`). Their fields are fixed in advance and
 * each is a number, an enum or a label the gateway made or checked, so the
 * line is a template; pino's generic path (a walk over the fields, its
 * serializer and hooks) cost about five times as much, and at two lines a
 * proxied read that was a sixth of the gateway's CPU per request (issue 12).
 * Text that is not the gateway's own still goes through `JSON.stringify`.
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
      `{"level":"${level}"${isoTimeOncePerMs()}${SERVICE_FIELD}${fields},"msg":${JSON.stringify(msg)}}\n`,
    );
  }
}

/** A JSON string member, left out when the value is undefined (as pino leaves it out). */
export function stringField(name: string, value: string | undefined): string {
  return value === undefined ? '' : `,"${name}":${JSON.stringify(value)}`;
}

/** A JSON number member, `null` for a value JSON has no number for (as JSON.stringify writes it). */
export function numberField(name: string, value: number | null): string {
  return `,"${name}":${value !== null && Number.isFinite(value) ? value : 'null'}`;
}
