import { printBanner } from './banner';

const LINES = ['userbridge gateway listening on http://127.0.0.1:3000', '  Swagger UI:  x/docs'];

describe('the start-up banner', () => {
  it('is printed once on a pipe, without waiting for the boot sync', async () => {
    const written: string[] = [];
    const never = new Promise<void>(() => undefined);
    await printBanner({ write: (text: string) => written.push(text) }, LINES, never);
    expect(written).toEqual([`${LINES.join('\n')}\n`]);
  });

  it('is printed again, "ready", once the boot sync has ended in a terminal', async () => {
    const written: string[] = [];
    let done!: () => void;
    const bootSynced = new Promise<void>((resolve) => (done = resolve));
    const printing = printBanner(
      { write: (text: string) => written.push(text), isTTY: true },
      LINES,
      bootSynced,
    );
    await Promise.resolve();
    expect(written).toHaveLength(1);
    written.push('sync line');
    done();
    await printing;
    expect(written.slice(1)).toEqual([
      'sync line',
      '\nuserbridge gateway ready (boot sync done) on http://127.0.0.1:3000\n',
      '  Swagger UI:  x/docs\n',
    ]);
  });
});
