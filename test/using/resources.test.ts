// `using` in green code (lowered by the transform: this file is compiled green by the loader, also on
// Node 20, which cannot parse `using`): a resource whose [Symbol.dispose] is a hidden function with no
// sync implementation is released on every exit path inside a task, and its release suspends the task.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAsync, Cancelled, hidden, sleep, spawn, timeout, Timeout } from 'greenhack';
import { transform, TransformError } from 'greenhack/transform';

type Suppressed = Error & { error: Error; suppressed: Error };

/** A connection whose release is I/O: a hidden function that really waits (and has no `sync` form). */
function connect(log: string[], name: string) {
  log.push(`open ${name}`);
  return {
    name,
    query: hidden(async (sql: string) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return `${name}: ${sql}`;
    }),
    [Symbol.dispose]: hidden(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`released ${name}`);
    }),
  };
}

function work(log: string[], exit: 'normal' | 'return' | 'throw' | 'break'): string {
  for (let i = 0; i < 3; i++) {
    using conn = connect(log, `c${i}`);
    log.push(conn.query('select 1'));
    if (exit === 'return') return 'returned';
    if (exit === 'throw') throw new RangeError('failed inside');
    if (exit === 'break') break;
  }
  return 'done';
}

test('released on normal exit, return, throw and break, each release suspending the task', async () => {
  const expectations = {
    normal: ['open c0', 'c0: select 1', 'released c0', 'open c1', 'c1: select 1', 'released c1', 'open c2', 'c2: select 1', 'released c2'],
    return: ['open c0', 'c0: select 1', 'released c0'],
    throw: ['open c0', 'c0: select 1', 'released c0'],
    break: ['open c0', 'c0: select 1', 'released c0'],
  };
  for (const [exit, expected] of Object.entries(expectations)) {
    const log: string[] = [];
    const outcome = await asAsync(work)(log, exit as keyof typeof expectations).then(
      (value) => value,
      (error: Error) => `${error.name}: ${error.message}`,
    );
    assert.deepEqual(log, expected, exit);
    assert.equal(outcome, { normal: 'done', return: 'returned', throw: 'RangeError: failed inside', break: 'done' }[exit]);
  }
});

test('a cancelled task releases its resources while it unwinds', async () => {
  const log: string[] = [];
  const task = spawn(() => {
    using outer = connect(log, 'outer');
    using inner = connect(log, 'inner');
    try {
      sleep(60_000);
    } finally {
      log.push('finally');
    }
    log.push('not reached');
  });
  while (task.state !== 'waiting') await new Promise((resolve) => setImmediate(resolve));
  task.cancel('test');
  await assert.rejects(task.promise, Cancelled);
  assert.deepEqual(log, ['open outer', 'open inner', 'finally', 'released inner', 'released outer']);
});

test('a task cancelled while a release waits still releases the resources declared before it', async () => {
  const log: string[] = [];
  const hanging = {
    [Symbol.dispose]: hidden(async () => {
      log.push('release hangs');
      await new Promise((resolve) => setTimeout(resolve, 60_000).unref());
    }),
  };
  const task = spawn(() => {
    using first = connect(log, 'first');
    using stuck = hanging;
    log.push('body');
  });
  while (!log.includes('release hangs')) await new Promise((resolve) => setImmediate(resolve));
  task.cancel('stuck release');
  await assert.rejects(task.promise, Cancelled);
  assert.deepEqual(log, ['open first', 'body', 'release hangs', 'released first']);
});

test('a timeout unwinds the scope and its resources are released before Timeout is thrown', async () => {
  const log: string[] = [];
  const result = await asAsync(() => {
    try {
      return timeout(20, () => {
        using conn = connect(log, 'slow');
        sleep(60_000);
        return 'finished';
      });
    } catch (error) {
      log.push(error instanceof Timeout ? 'timeout' : String(error));
      return 'gave up';
    }
  })();
  assert.equal(result, 'gave up');
  assert.deepEqual(log, ['open slow', 'released slow', 'timeout']);
});

test('a disposal that throws after the body threw gives a SuppressedError; both are kept', async () => {
  const failing = (name: string) => ({
    [Symbol.dispose]: hidden(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error(`release ${name} failed`);
    }),
  });
  const error = await asAsync(() => {
    using a = failing('a');
    using b = failing('b');
    throw new Error('body failed');
  })().catch((e: unknown) => e as Suppressed);
  assert.equal(error.name, 'SuppressedError');
  assert.equal(error.error.message, 'release a failed');
  assert.equal(error.suppressed.name, 'SuppressedError');
  const inner = error.suppressed as Suppressed;
  assert.equal(inner.error.message, 'release b failed');
  assert.equal(inner.suppressed.message, 'body failed');
});

test('for (using x = …; …; …) disposes once, after the loop', async () => {
  const log: string[] = [];
  const count = await asAsync(() => {
    let n = 0;
    again: for (using conn = connect(log, 'loop'); n < 3; n++) {
      if (n === 1) continue again;
      log.push(conn.query(`row ${n}`));
    }
    return n;
  })();
  assert.equal(count, 3);
  assert.deepEqual(log, ['open loop', 'loop: row 0', 'loop: row 2', 'released loop']);
});

test('outside a task the release is still attempted, and a hidden one says why it cannot run', () => {
  const log: string[] = [];
  // The query cannot run outside a task; the release is still attempted at the end of the scope, and
  // fails the same way: its error wins and carries the query's.
  assert.throws(() => work(log, 'normal'), (error: Error & { error: Error; suppressed: Error }) => {
    assert.equal(error.name, 'SuppressedError');
    assert.equal(error.error.name, 'GreenContextError');
    assert.match(error.error.message, /Symbol\.dispose|hidden function/);
    assert.equal(error.suppressed.name, 'GreenContextError');
    return true;
  });
  assert.deepEqual(log, ['open c0']);
});

test('`using` at the top level: left as written in a module, refused with its location in an entry', () => {
  const source = 'import x from "y"\nusing r = x()\nfunction f() { using s = x(); return s }\n';
  const { code } = transform(source, { filename: 'top.js' });
  assert.match(code, /^using r = x\(\)$/m, 'a module top level keeps its declaration (native where Node has it)');
  assert.doesNotMatch(code, /using s/, 'the declaration in the function is lowered');
  assert.throws(
    () => transform(source, { filename: 'top.js', entry: true }),
    (error: unknown) => error instanceof TransformError && /top\.js:2:1: `using` at the top level of a green entry module/.test(error.message),
  );
});
