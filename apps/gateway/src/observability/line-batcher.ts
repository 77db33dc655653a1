/** Where a batch of lines goes: `process.stdout` in the gateway, anything with `write` in tests. */
export interface LineOutput {
  write(chunk: string): unknown;
}

/**
 * Collects log lines and hands them to the output once per turn of the event
 * loop, as one string: a busy gateway writes a few dozen lines a turn, so this
 * is one system call where there were dozens, and nothing waits on a thread.
 *
 * pino's asynchronous writer (sonic-boom) measures its whole pending buffer
 * again for every line (up to 16 kB flattened per line) and hands each write
 * to libuv's thread pool, a large share of a proxied read's cost
 * (docs/performance.md, "Why the hot path is built as it is").
 *
 * Writes go through `process.stdout`, which Node makes synchronous for files
 * and pipes on Linux (as pino's default destination is): a log reader that
 * stops reading holds the gateway back rather than letting lines pile up in
 * memory without bound.
 */
export class LineBatcher {
  private lines: string[] = [];
  private scheduled = false;

  constructor(private readonly output: LineOutput) {}

  write(line: string): boolean {
    this.lines.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushScheduled);
    }
    return true;
  }

  /** Writes out what is pending now (shutdown, fatal errors). */
  flush(): void {
    if (this.lines.length === 0) return;
    const batch = this.lines.length === 1 ? this.lines[0] : this.lines.join('');
    this.lines = [];
    this.output.write(batch);
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false;
    this.flush();
  };
}
