/**
 * Pages read ahead of the writer, bounded by the users they hold: the reader
 * (`push`) waits while `limit` users are queued; the writer (`take`) waits
 * until `batch` users are queued or the read has ended. So the vendor is read
 * while a batch is written, and memory stays bounded whatever the vendor's pace.
 */
export class PageQueue<T> {
  private items: T[] = [];
  private users = 0;
  private ended = false;
  private stopped = false;
  private wakeWriter: (() => void) | null = null;
  private wakeReader: (() => void) | null = null;

  constructor(
    private readonly batch: number,
    private readonly limit: number,
    private readonly sizeOf: (item: T) => number,
  ) {}

  /** Whether the writer stopped taking: the reader should stop reading. */
  get closed(): boolean {
    return this.stopped;
  }

  /** Queues a page; resolves once there is room again (or the writer stopped). */
  async push(item: T): Promise<void> {
    this.items.push(item);
    this.users += this.sizeOf(item);
    this.signalWriter();
    while (this.users >= this.limit && !this.stopped)
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
  }

  /** The read is over (ended, stopped early or failed): the writer takes what is left. */
  end(): void {
    this.ended = true;
    this.signalWriter();
  }

  /** The writer stops: a reader waiting for room goes on, and should stop. */
  close(): void {
    this.stopped = true;
    this.signalReader();
  }

  /** The next batch: at least `batch` users, or all that is left once the read ended; empty when nothing is. */
  async take(): Promise<T[]> {
    while (!this.ended && this.users < this.batch)
      await new Promise<void>((resolve) => (this.wakeWriter = resolve));
    const taken = this.items;
    this.items = [];
    this.users = 0;
    this.signalReader();
    return taken;
  }

  private signalWriter(): void {
    const wake = this.wakeWriter;
    this.wakeWriter = null;
    wake?.();
  }

  private signalReader(): void {
    const wake = this.wakeReader;
    this.wakeReader = null;
    wake?.();
  }
}
