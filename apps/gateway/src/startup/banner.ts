/** Where the banner goes: `process.stdout` in the gateway, anything with `write` and `isTTY` in tests. */
export interface BannerOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * The start-up banner (where the gateway listens, Swagger UI, the connections
 * and, in the demo, its key), printed once listening. In a terminal the boot
 * sync's lines follow it and would scroll it away, so it is printed again,
 * headed "ready", once the boot sync and its reconciliation have ended. Piped
 * output (a log collector, a test) gets it once, as before.
 */
export async function printBanner(
  out: BannerOutput,
  lines: readonly string[],
  bootSynced: Promise<void>,
): Promise<void> {
  out.write(`${lines.join('\n')}\n`);
  if (out.isTTY !== true) return;
  await bootSynced;
  const [first, ...rest] = lines;
  out.write(`\n${first.replace(' listening on ', ' ready (boot sync done) on ')}\n`);
  if (rest.length > 0) out.write(`${rest.join('\n')}\n`);
}
