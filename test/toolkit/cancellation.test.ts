// task.cancel(): unwinds from the suspension point, aborts the hidden call in flight, runs finally blocks,
// skips catch blocks (a broad catch cannot swallow it), cancels spawned tasks unless detached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAsync, Cancelled, currentSignal, currentTask, hidden, Lock, Queue, sleep, spawn, type Task } from 'greenhack';

/** The error `fn` throws (green code, so `fn` may suspend). */
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

/**
 * No timer left behind by the toolkit or by the implementations below, after one turn of the loop (an
 * unjoined failure is reported from a one-shot immediate: tasks.ts).
 */
async function assertNoTimers(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    process.getActiveResourcesInfo().filter((name) => name === 'Timeout' || name === 'Immediate'),
    [],
  );
}

// A hidden call that only ends when aborted (or after a minute): it records what its signal saw.
const seen: { aborted: boolean; reason: unknown }[] = [];
const waitForever = hidden(
  async (label: string): Promise<string> => {
    const signal = currentSignal()!;
    const record = { aborted: false, reason: undefined as unknown };
    seen.push(record);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(label), 60_000);
      signal.addEventListener('abort', () => {
        record.aborted = true;
        record.reason = signal.reason;
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  },
  { name: 'waitForever' },
);
const echo = hidden(async <T>(value: T): Promise<T> => value, { name: 'echo' });

test('cancel in the middle of a hidden call: the call is aborted, finally runs, catch and later code do not', async () => {
  seen.length = 0;
  const log: string[] = [];
  const outcome = await asAsync(() => {
    const task = spawn(function victim() {
      try {
        log.push('before');
        waitForever('x');
        log.push('after the call');
      } catch (error) {
        log.push(`catch saw ${(error as Error).name}`);
      } finally {
        log.push('finally');
      }
      log.push('after try');
    });
    sleep(1);
    assert.equal(task.state, 'waiting');
    task.cancel('shutting down');
    const error = caught(() => task.join());
    assert.equal(task.state, 'cancelled');
    return error;
  })();
  assert.deepEqual(log, ['before', 'finally']);
  assert.ok(outcome instanceof Cancelled);
  assert.equal(outcome.reason, 'shutting down');
  assert.match(outcome.message, /^task "victim" \(#\d+\) was cancelled by task "anonymous" \(#\d+\): shutting down$/);
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.aborted, true);
  assert.equal(seen[0]!.reason, outcome, 'the signal is aborted with the Cancelled error');
  await assertNoTimers();
});

test('a broad catch in a worker loop cannot swallow the cancellation: the loop stops', async () => {
  const queue = new Queue<number>();
  let iterations = 0;
  let caughtCount = 0;
  const handled: number[] = [];
  const worker = spawn(function worker() {
    for (;;) {
      iterations++;
      try {
        handled.push(queue.get());
      } catch {
        caughtCount++;
      }
    }
  });
  await asAsync(() => {
    queue.put(1);
    queue.put(2);
    sleep(1);
    worker.cancel();
    assert.ok(caught(() => worker.join()) instanceof Cancelled);
  })();
  assert.deepEqual(handled, [1, 2]);
  assert.equal(iterations, 3);
  assert.equal(caughtCount, 0);
});

test('cancel in the middle of Queue.get: the getter leaves the queue, the next item goes to the next getter', async () => {
  const queue = new Queue<string>();
  const got: string[] = [];
  await asAsync(() => {
    const first = spawn(function first() {
      got.push(`first:${queue.get()}`);
    });
    const second = spawn(function second() {
      got.push(`second:${queue.get()}`);
    });
    sleep(1);
    first.cancel();
    queue.put('item');
    second.join();
    assert.ok(caught(() => first.join()) instanceof Cancelled);
  })();
  assert.deepEqual(got, ['second:item']);
  assert.equal(queue.size, 0);
});

test('finally blocks can suspend while the task is unwound (cleanup I/O works)', async () => {
  const log: string[] = [];
  const task = spawn(() => {
    try {
      sleep(60_000);
    } finally {
      log.push(`cleanup ${echo('sent')}`);
      sleep(1);
      log.push('cleanup done');
    }
  });
  await asAsync(() => {
    sleep(1);
    task.cancel();
    assert.ok(caught(() => task.join()) instanceof Cancelled);
  })();
  assert.deepEqual(log, ['cleanup sent', 'cleanup done']);
  await assertNoTimers();
});

test('cancelling a task cancels the tasks it spawned, except detached ones', async () => {
  const states = await asAsync(() => {
    let child!: Task;
    let detached!: Task;
    let grandchild!: Task;
    const parent = spawn(() => {
      child = spawn(() => {
        grandchild = spawn(() => sleep(60_000));
        sleep(60_000);
      });
      detached = spawn(() => (sleep(20), 'survived')).detach();
      sleep(60_000);
    });
    sleep(1);
    parent.cancel();
    caught(() => parent.join());
    caught(() => child.join());
    caught(() => grandchild.join());
    return [parent.state, child.state, grandchild.state, detached.join()];
  })();
  assert.deepEqual(states, ['cancelled', 'cancelled', 'cancelled', 'survived']);
  await assertNoTimers();
});

test('a spawned task cancelled before it started never runs', async () => {
  let ran = false;
  await asAsync(() => {
    const task = spawn(() => {
      ran = true;
    });
    task.cancel();
    assert.equal(task.state, 'cancelled');
    assert.ok(caught(() => task.join()) instanceof Cancelled);
  })();
  assert.equal(ran, false);
});

test('a task that cancels itself runs on to its next suspension point, where it is unwound', async () => {
  const log: string[] = [];
  const task = spawn(() => {
    try {
      currentTask()!.cancel();
      log.push('still running');
      echo(1);
      log.push('never');
    } catch {
      log.push('never caught');
    } finally {
      log.push(`finally, cancelled=${currentTask()!.cancelled}`);
    }
  });
  await assert.rejects(task.promise, Cancelled);
  assert.deepEqual(log, ['still running', 'finally, cancelled=true']);
});

test('a finally block that returns a value does not turn the cancellation into success; one that throws does', async () => {
  const returning = spawn(() => {
    try {
      sleep(60_000);
    } finally {
      // eslint-disable-next-line no-unsafe-finally
      return 'value';
    }
  });
  const throwing = spawn(() => {
    try {
      sleep(60_000);
    } finally {
      // eslint-disable-next-line no-unsafe-finally
      throw new Error('cleanup failed');
    }
  });
  await asAsync(() => sleep(1))();
  returning.cancel();
  throwing.cancel();
  await assert.rejects(returning.promise, Cancelled);
  await assert.rejects(throwing.promise, /cleanup failed/);
});

test('calling cancel() again unwinds a cleanup that hangs', async () => {
  const log: string[] = [];
  const task = spawn(() => {
    try {
      sleep(60_000);
    } finally {
      log.push('cleanup starts');
      try {
        sleep(60_000);
      } finally {
        log.push('inner finally');
      }
      log.push('never');
    }
  });
  await asAsync(() => {
    sleep(1);
    task.cancel();
    sleep(1);
    assert.equal(task.state, 'waiting', 'the cleanup waits');
    task.cancel();
    assert.ok(caught(() => task.join()) instanceof Cancelled);
  })();
  assert.deepEqual(log, ['cleanup starts', 'inner finally']);
  await assertNoTimers();
});

test('150 tasks waiting on a lock, every other one cancelled: the rest get it in arrival order, once each', async () => {
  const lock = new Lock();
  const order: number[] = [];
  await asAsync(() => {
    lock.acquire();
    const tasks = Array.from({ length: 150 }, (_, i) =>
      spawn(() => {
        lock.acquire();
        try {
          order.push(i);
          echo(i);
        } finally {
          lock.release();
        }
      }),
    );
    sleep(1);
    tasks.forEach((task, i) => i % 2 === 1 && task.cancel());
    lock.release();
    for (const [i, task] of tasks.entries()) {
      if (i % 2 === 0) task.join();
      else assert.ok(caught(() => task.join()) instanceof Cancelled);
    }
  })();
  assert.deepEqual(order, Array.from({ length: 75 }, (_, i) => i * 2));
  assert.equal(lock.locked(), false);
});

test('currentSignal() outside green tasks is undefined; a hidden call that finished is not aborted later', async () => {
  assert.equal(currentSignal(), undefined);
  let signal: AbortSignal | undefined;
  const quick = hidden(async () => {
    signal = currentSignal();
    return 1;
  });
  const task = spawn(() => {
    quick();
    sleep(60_000);
  });
  await asAsync(() => sleep(1))();
  task.cancel();
  await assert.rejects(task.promise, Cancelled);
  assert.equal(signal?.aborted, false);
});
