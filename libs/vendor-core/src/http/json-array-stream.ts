import type { Readable } from 'node:stream';

/** Why a streamed JSON array could not be read: cut short, not an array, or a record too large. */
export class JsonStreamError extends Error {
  constructor(
    message: string,
    readonly reason: 'malformed' | 'truncated' | 'too_large',
  ) {
    super(message);
  }
}

const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

const isSpace = (byte: number): boolean =>
  byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * The elements of a JSON array arriving as bytes, one at a time, each parsed
 * by `JSON.parse` on its own: only one element's bytes (and the chunk being
 * read) are held, never the body or the array. The scanner finds element
 * boundaries only (depth, strings, escapes; UTF-8 continuation bytes are
 * never structural); `JSON.parse` checks each element in full. Anything that
 * is not one complete array - another top-level value, a body cut short, bytes
 * after the closing bracket - is a `JsonStreamError`, so a reader can never
 * take a truncated list for a whole one.
 *
 * @param maxElementBytes one element larger than this is refused (it would be
 *   held whole); the stream's total size is not bounded here.
 */
export async function* jsonArrayElements(
  body: Readable | AsyncIterable<Buffer>,
  maxElementBytes: number,
): AsyncGenerator<unknown> {
  // 0 before '[', 1 inside the array, 2 after its ']'.
  let phase = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let pieces: Buffer[] = [];
  let held = 0;
  /** Whether the current element has any non-space byte yet. */
  let started = false;
  let elements = 0;
  /** A ',' was read and the element after it has not ended yet. */
  let expectElement = false;

  const finishElement = (): unknown => {
    const text = (pieces.length === 1 ? pieces[0] : Buffer.concat(pieces)).toString('utf8');
    pieces = [];
    held = 0;
    started = false;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new JsonStreamError(`element ${elements} of the array is not valid JSON`, 'malformed');
    }
  };

  for await (const chunk of body as AsyncIterable<Buffer>) {
    // An element cut by the chunk's edge goes on from this chunk's first byte.
    let from = started ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (phase === 1) {
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        if (depth === 0 && (byte === COMMA || byte === CLOSE_ARRAY)) {
          if (from >= 0) {
            pieces.push(chunk.subarray(from, i));
            from = -1;
          }
          let element: unknown = undefined;
          const ended = started;
          if (started) {
            element = finishElement();
            elements++;
          } else if (byte === COMMA || expectElement)
            throw new JsonStreamError(`a missing element at ${elements} in the array`, 'malformed');
          expectElement = byte === COMMA;
          if (byte === CLOSE_ARRAY) phase = 2;
          // Handed on as soon as it ends, not with the rest of its chunk: a reader
          // that stops after a few elements (one live page of a long list) leaves
          // the rest of the chunk unscanned and unparsed.
          if (ended) yield element;
          continue;
        }
        if (!started) {
          if (isSpace(byte)) continue;
          started = true;
          from = i;
        }
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth++;
        else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
          if (depth === 0)
            throw new JsonStreamError('an unbalanced bracket in the array', 'malformed');
          depth--;
        }
      } else if (phase === 0) {
        if (isSpace(byte)) continue;
        if (byte !== OPEN_ARRAY)
          throw new JsonStreamError('the answer is not a JSON array', 'malformed');
        phase = 1;
      } else if (!isSpace(byte)) {
        throw new JsonStreamError('the answer goes on after its array ends', 'malformed');
      }
    }
    if (from >= 0) {
      const piece = chunk.subarray(from);
      held += piece.length;
      // Copied: a chunk's buffer may be a slice of a larger pooled one.
      pieces.push(Buffer.from(piece));
    }
    if (held > maxElementBytes)
      throw new JsonStreamError(
        `one element of the array is larger than ${maxElementBytes} bytes`,
        'too_large',
      );
  }
  if (phase !== 2)
    throw new JsonStreamError(
      phase === 0
        ? 'the answer is empty'
        : `the answer ends inside its array, after ${elements} elements`,
      'truncated',
    );
}
