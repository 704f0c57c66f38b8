// hiddenIterator: an async iterable consumed by a plain for…of in green code, closed on every exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAsync, GreenContextError, hiddenIterator } from 'greenhack';

function source(log: string[], count: number): AsyncGenerator<number> {
  return (async function* rows() {
    try {
      for (let i = 0; i < count; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`row ${i}`);
        yield i;
      }
    } finally {
      log.push('closed');
    }
  })();
}

test('for…of in a task streams the rows, suspending at each', async () => {
  const log: string[] = [];
  const sum = asAsync(() => {
    let total = 0;
    for (const row of hiddenIterator(source(log, 4))) total += row;
    return total;
  });
  assert.equal(await sum(), 6);
  assert.deepEqual(log, ['row 0', 'row 1', 'row 2', 'row 3', 'closed']);
});

test('break, return and a thrown error close the source', async () => {
  for (const exit of ['break', 'return', 'throw'] as const) {
    const log: string[] = [];
    const run = asAsync(() => {
      for (const row of hiddenIterator(source(log, 10))) {
        if (row === 1) {
          if (exit === 'break') break;
          if (exit === 'return') return 'returned';
          throw new Error('stop');
        }
      }
      return 'done';
    });
    const outcome = await run().catch((error: Error) => error.message);
    assert.equal(outcome, exit === 'break' ? 'done' : exit === 'return' ? 'returned' : 'stop');
    assert.deepEqual(log, ['row 0', 'row 1', 'closed'], exit);
  }
});

test('two tasks stream concurrently', async () => {
  const log: string[] = [];
  const read = asAsync((name: string) => {
    const seen: number[] = [];
    for (const row of hiddenIterator(source(log, 3))) seen.push(row);
    return `${name}:${seen.join('')}`;
  });
  assert.deepEqual(await Promise.all([read('a'), read('b')]), ['a:012', 'b:012']);
  assert.deepEqual(log.slice(0, 2), ['row 0', 'row 0'], 'interleaved, not one after the other');
});

test('outside a task the iterator cannot suspend: a clear error, never a hang', () => {
  assert.throws(() => {
    for (const row of hiddenIterator(source([], 2))) void row;
  }, GreenContextError);
  assert.throws(() => hiddenIterator(42 as never), /hiddenIterator\(\): the source must be an async iterable or async iterator, got number/);
});
