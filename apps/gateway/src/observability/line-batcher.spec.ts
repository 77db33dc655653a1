import { LineBatcher } from './line-batcher';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('LineBatcher', () => {
  it('writes the lines of one turn of the event loop as one chunk, in order', async () => {
    const chunks: string[] = [];
    const batcher = new LineBatcher({ write: (chunk) => chunks.push(chunk) });
    batcher.write('a\n');
    batcher.write('b\n');
    batcher.write('c\n');
    expect(chunks).toEqual([]);
    await nextTurn();
    expect(chunks).toEqual(['a\nb\nc\n']);
    batcher.write('d\n');
    await nextTurn();
    expect(chunks).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('writes what is pending at once when flushed, and nothing twice', async () => {
    const chunks: string[] = [];
    const batcher = new LineBatcher({ write: (chunk) => chunks.push(chunk) });
    batcher.write('last words\n');
    batcher.flush();
    expect(chunks).toEqual(['last words\n']);
    await nextTurn();
    batcher.flush();
    expect(chunks).toEqual(['last words\n']);
  });
});
