// sleep and timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAsync, Cancelled, currentSignal, hidden, joinAll, Queue, sleep, spawn, timeout, Timeout } from 'greenhack';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

/** No timer left behind, after one turn of the loop (one-shot immediates are not left behind). */
async function assertNoTimers(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    process.getActiveResourcesInfo().filter((name) => name === 'Timeout' || name === 'Immediate'),
    [],
  );
}

const aborted: unknown[] = [];
const slowCall = hidden(
  async (ms: number): Promise<string> => {
    const signal = currentSignal()!;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve('finished'), ms);
      signal.addEventListener('abort', () => {
        aborted.push(signal.reason);
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  },
  { name: 'slowCall' },
);

test('150 sleeping tasks: each wakes once, every short sleeper before any long one', async () => {
  const woke: number[] = [];
  await asAsync(() => {
    const tasks = Array.from({ length: 150 }, (_, i) => {
      const ms = i % 3 === 0 ? 60 : 1;
      return spawn(() => {
        sleep(ms);
        woke.push(ms);
      });
    });
    joinAll(tasks);
  })();
  assert.deepEqual(woke, [...Array(100).fill(1), ...Array(50).fill(60)]);
});

test('sleep(0) lets the other tasks run first', async () => {
  const log: string[] = [];
  await asAsync(() => {
    const other = spawn(() => log.push('other'));
    log.push('before');
    sleep(0);
    log.push('after');
    other.join();
  })();
  assert.deepEqual(log, ['before', 'other', 'after']);
});

test('timeout returns the value when in time, and clears its timer', async () => {
  const value = await asAsync(() => timeout(5_000, (a: number, b: number) => (sleep(1), a + b), 2, 3))();
  assert.equal(value, 5);
  await assertNoTimers();
});

test('timeout: Timeout is thrown at the call site; inside, catch blocks do not see it, finally blocks run, the call is aborted', async () => {
  aborted.length = 0;
  const log: string[] = [];
  const error = await asAsync(() => {
    try {
      timeout(20, function fetchAll() {
        try {
          slowCall(60_000);
          log.push('not reached');
        } catch (e) {
          log.push('inner catch');
        } finally {
          log.push('inner finally');
        }
        log.push('not reached either');
      });
    } catch (e) {
      log.push('outer catch');
      return e;
    }
  })();
  assert.ok(error instanceof Timeout);
  assert.equal(error.ms, 20);
  assert.equal(error.message, 'fetchAll() did not finish within 20 ms');
  assert.deepEqual(log, ['inner finally', 'outer catch']);
  assert.deepEqual(aborted, [error]);
  await assertNoTimers();
});

test('the Timeout stack shows where timeout() was called, at the .ts line', async () => {
  const error = await asAsync(function caller() {
    return caught(() => timeout(5, () => sleep(60_000)));
  })();
  assert.ok(error instanceof Timeout);
  assert.match(error.stack!, /^Timeout: the function given to timeout\(\) did not finish within 5 ms\n/);
  assert.match(error.stack!, /at caller \(.*time\.test\.ts:\d+:\d+\)/);
});

test('nested timeouts: the inner deadline throws at the inner call; the outer one passes through the inner call', async () => {
  const results = await asAsync(() => {
    const inner = caught(() => timeout(5_000, () => timeout(5, () => sleep(60_000))));
    let innerCaughtOuter = false;
    const outer = caught(() =>
      timeout(5, () => {
        try {
          timeout(5_000, () => sleep(60_000));
        } catch {
          innerCaughtOuter = true;
        }
      }),
    );
    return { inner, outer, innerCaughtOuter };
  })();
  assert.ok(results.inner instanceof Timeout && results.inner.ms === 5);
  assert.ok(results.outer instanceof Timeout && results.outer.ms === 5);
  assert.equal(results.innerCaughtOuter, false);
  await assertNoTimers();
});

test('a task cancelled inside a timeout ends Cancelled, not Timeout', async () => {
  const task = spawn(() => timeout(60_000, () => sleep(60_000)));
  await asAsync(() => {
    sleep(1);
    task.cancel();
    assert.ok(caught(() => task.join()) instanceof Cancelled);
  })();
  await assertNoTimers();
});

test('a queue item granted just as the deadline passes is not lost: the get completes', async () => {
  const queue = new Queue<string>();
  const got = await asAsync(() => {
    const reader = spawn(() => timeout(10, () => queue.get()));
    sleep(1);
    // Put, then block the thread past the deadline before the reader can resume: both are due together.
    queue.put('item');
    const until = Date.now() + 30;
    while (Date.now() < until);
    return reader.join();
  })();
  assert.equal(got, 'item');
  assert.equal(queue.size, 0);
});

test('150 tasks with timeouts, half of them too short: counts of Timeout and of results', async () => {
  const outcome = await asAsync(() => {
    const tasks = Array.from({ length: 150 }, (_, i) => spawn(() => timeout(i % 2 === 0 ? 5_000 : 5, () => (sleep(i % 2 === 0 ? 1 : 60_000), i))));
    const finished = joinAll(tasks, { raiseError: false });
    return {
      values: finished.filter((t) => t.state === 'done').map((t) => t.value),
      timeouts: finished.filter((t) => t.error instanceof Timeout).length,
    };
  })();
  assert.deepEqual(outcome.values, Array.from({ length: 75 }, (_, i) => i * 2));
  assert.equal(outcome.timeouts, 75);
  await assertNoTimers();
});

test('timeout outside a task throws GreenContextError; bad arguments throw', async () => {
  assert.throws(() => timeout(5, () => 1), { name: 'GreenContextError', message: /AbortSignal\.timeout/ });
  await asAsync(() => {
    assert.throws(() => timeout(-5, () => 1), RangeError);
    assert.throws(() => timeout(5, 'x' as never), TypeError);
  })();
});

test('after catching a Timeout the task runs on normally, suspends again, and can time out again', async () => {
  const log: string[] = [];
  const result = await asAsync(() => {
    for (let round = 0; round < 3; round++) {
      try {
        timeout(5, () => {
          try {
            sleep(60_000);
          } finally {
            sleep(1);
            log.push(`cleanup ${round}`);
          }
        });
      } catch (error) {
        log.push(`${(error as Error).name} ${round}`);
      }
      sleep(1);
    }
    return 'ran on';
  })();
  assert.equal(result, 'ran on');
  assert.deepEqual(log, ['cleanup 0', 'Timeout 0', 'cleanup 1', 'Timeout 1', 'cleanup 2', 'Timeout 2']);
  await assertNoTimers();
});

test('an error thrown by a finally block of the timed-out body is what timeout() throws', async () => {
  const error = await asAsync(() =>
    caught(() =>
      timeout(5, () => {
        try {
          sleep(60_000);
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw new Error('cleanup failed');
        }
      }),
    ),
  )();
  assert.equal((error as Error).message, 'cleanup failed');
});
