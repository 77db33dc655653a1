import fc from 'fast-check';
import { jsonArrayElements, JsonStreamError } from './json-array-stream';

/** The text as the network hands it over: in chunks cut at the given byte positions. */
function chunked(text: string, cuts: number[]): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  return chunks;
}

async function read(chunks: Buffer[], max = 1024 * 1024): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const element of jsonArrayElements(
    (async function* () {
      yield* chunks;
    })(),
    max,
  ))
    out.push(element);
  return out;
}

describe('jsonArrayElements', () => {
  it('hands out exactly the elements JSON.parse sees, however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        async (array, cuts, spaced) => {
          const text = spaced ? JSON.stringify(array, null, 2) : JSON.stringify(array);
          expect(await read(chunked(text, cuts))).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses every body cut short: no prefix of an array reads as a whole one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { minLength: 1, maxLength: 10 }),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (array, at, cuts) => {
          const bytes = Buffer.from(JSON.stringify(array), 'utf8');
          const prefix = bytes.subarray(0, at % bytes.length).toString('latin1');
          await expect(read(chunked(prefix, cuts).map((c) => Buffer.from(c)))).rejects.toThrow(
            JsonStreamError,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ['an object', '{"users":[]}', 'malformed'],
    ['garbage after the array', '[{"id":"1"}] [', 'malformed'],
    ['a broken element', '[{"id":"1"},{"id":}]', 'malformed'],
    ['a missing element', '[{"id":"1"},,{"id":"2"}]', 'malformed'],
    ['a trailing comma', '[{"id":"1"},]', 'malformed'],
    ['an empty body', '', 'truncated'],
    ['a body cut inside a string', '[{"id":"1"},{"id":"2', 'truncated'],
  ])('refuses %s', async (_name, text, reason) => {
    const error = await read([Buffer.from(text)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JsonStreamError);
    expect((error as JsonStreamError).reason).toBe(reason);
  });

  it('hands out the elements before a cut, then fails: a reader sees the failure after them', async () => {
    const seen: unknown[] = [];
    const chunks = [Buffer.from('[{"id":"1"},{"id":"2"},'), Buffer.from('{"id":"3"')];
    const error = await (async () => {
      for await (const element of jsonArrayElements(
        (async function* () {
          yield* chunks;
        })(),
        1024,
      ))
        seen.push(element);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ id: '1' }, { id: '2' }]);
    expect((error as JsonStreamError).reason).toBe('truncated');
  });

  it('hands each element out as it ends: a reader that stops early leaves the rest of the chunk unread', async () => {
    const chunk = Buffer.from('[{"id":"1"},{"id":"2"},{"id":},{"id":"4"}]');
    const seen: unknown[] = [];
    for await (const element of jsonArrayElements(
      (async function* () {
        yield chunk;
      })(),
      1024,
    )) {
      seen.push(element);
      if (seen.length === 2) break;
    }
    // The broken third element is never parsed: nothing past what was taken is read.
    expect(seen).toEqual([{ id: '1' }, { id: '2' }]);
  });

  it('refuses one element larger than the bound instead of holding it', async () => {
    const big = `"${'x'.repeat(5000)}"`;
    const chunks = chunked(`[1,${big},2]`, [10, 1000, 2000, 3000, 4000]);
    const error = await read(chunks, 2048).catch((e: unknown) => e);
    expect((error as JsonStreamError).reason).toBe('too_large');
    expect(await read(chunks, 10_000)).toEqual([1, 'x'.repeat(5000), 2]);
  });

  it('keeps multi-byte characters cut between chunks', async () => {
    const text = JSON.stringify([{ name: 'Zoë Núñez 名前 😀' }, 'ü']);
    for (let cut = 0; cut < Buffer.byteLength(text); cut++)
      expect(await read(chunked(text, [cut]))).toEqual(JSON.parse(text));
  });
});
