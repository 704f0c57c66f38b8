// spawn / join / joinAll / race, and what waiting operations do outside green tasks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAsync, Cancelled, configure, currentTask, DeadlockError, GreenContextError, hidden, joinAll, race, sleep, spawn, Task } from 'greenhack';

const echo = hidden(async <T>(value: T): Promise<T> => value, { name: 'echo' });

/** The error `fn` throws (green code, so `fn` may suspend: assert.throws would call it from a native frame). */
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

test('spawn returns a task that starts when the spawner suspends; join returns its value', async () => {
  const order: string[] = [];
  const result = await asAsync(() => {
    const task = spawn(function double(n: number) {
      order.push('child runs');
      echo(0);
      return n * 2;
    }, 21);
    assert.ok(task instanceof Task);
    assert.equal(task.name, 'double');
    assert.equal(task.state, 'scheduled');
    assert.equal(task.parent, currentTask());
    order.push('spawner runs on');
    const value = task.join();
    order.push('joined');
    assert.equal(task.state, 'done');
    assert.equal(task.done, true);
    assert.equal(task.value, 42);
    return value;
  })();
  assert.equal(result, 42);
  assert.deepEqual(order, ['spawner runs on', 'child runs', 'joined']);
});

test('join throws the task\'s own error; promise rejects with it', async () => {
  const boom = new RangeError('boom');
  const task = await asAsync(() => {
    const t = spawn(function failing() {
      echo(1);
      throw boom;
    });
    assert.equal(caught(() => t.join()), boom);
    assert.equal(t.state, 'failed');
    assert.equal(t.error, boom);
    return t;
  })();
  await assert.rejects(task.promise, (error) => error === boom);
});

test('spawn from async code: the task runs, and await task.promise gets its value', async () => {
  const task = spawn((a: number, b: number) => (echo(a) as number) + (echo(b) as number), 2, 3);
  assert.equal(await task.promise, 5);
});

test('200 tasks joined in order: each result once, and they interleave at their suspensions', async () => {
  const log: number[] = [];
  const results = await asAsync(() => {
    const tasks = Array.from({ length: 200 }, (_, i) =>
      spawn(function worker() {
        log.push(i);
        echo(i);
        log.push(1000 + i);
        return i * i;
      }),
    );
    return tasks.map((task) => task.join());
  })();
  assert.deepEqual(results, Array.from({ length: 200 }, (_, i) => i * i));
  // Every task started before any resumed: they ran concurrently, not one after another.
  assert.deepEqual(log.slice(0, 200), Array.from({ length: 200 }, (_, i) => i));
  assert.equal(log.length, 400);
});

test('joinAll waits for every task and returns them; raiseError throws the first failure at once', async () => {
  await asAsync(() => {
    const tasks = Array.from({ length: 150 }, (_, i) => spawn(() => (sleep(i % 5), i)));
    const finished = joinAll(tasks);
    assert.equal(finished.length, 150);
    assert.deepEqual(finished.map((t) => t.value), Array.from({ length: 150 }, (_, i) => i));

    const slow = spawn(() => (sleep(30), 'slow'));
    const bad = spawn(() => {
      sleep(1);
      throw new TypeError('first failure');
    });
    assert.equal((caught(() => joinAll([slow, bad])) as Error).message, 'first failure');
    assert.equal(slow.done, false, 'raiseError does not wait for the rest');
    slow.join();
  })();
});

test('joinAll with raiseError: false returns finished tasks and leaves errors on them; timeout returns what finished', async () => {
  await asAsync(() => {
    const ok = spawn(() => echo('ok'));
    const bad = spawn(() => {
      echo(0);
      throw new Error('kept');
    });
    const both = joinAll([ok, bad], { raiseError: false });
    assert.deepEqual(both, [ok, bad]);
    assert.equal((bad.error as Error).message, 'kept');

    const quick = spawn(() => sleep(1));
    const never = spawn(() => sleep(10_000));
    const done = joinAll([quick, never], { timeout: 50 });
    assert.deepEqual(done, [quick]);
    never.cancel();
    assert.ok(caught(() => never.join()) instanceof Cancelled);
  })();
});

test('race returns the first task to finish and cancels the others', async () => {
  await asAsync(() => {
    const finallies: string[] = [];
    const make = (name: string, ms: number) =>
      spawn(() => {
        try {
          sleep(ms);
          return name;
        } finally {
          finallies.push(name);
        }
      });
    const tasks = [make('slow', 5_000), make('fast', 1), make('slower', 10_000)];
    assert.equal(race(tasks), 'fast');
    joinAll(tasks, { raiseError: false });
    assert.deepEqual(tasks.map((t) => t.state), ['cancelled', 'done', 'cancelled']);
    assert.deepEqual(finallies.sort(), ['fast', 'slow', 'slower']);
    assert.throws(() => race([]), RangeError);
  })();
});

test('a task that joins itself gets DeadlockError instead of waiting forever', async () => {
  await asAsync(() => {
    const self = spawn(() => {
      echo(0);
      return currentTask()!.join();
    });
    assert.ok(caught(() => self.join()) instanceof DeadlockError);
  })();
});

test('waiting operations outside green tasks throw GreenContextError saying what to use instead', async () => {
  const task = spawn(() => echo(1));
  await task.promise;
  const outside = (fn: () => unknown, name: string, instead: RegExp) =>
    assert.throws(fn, (error: unknown) => {
      assert.ok(error instanceof GreenContextError);
      assert.equal(error.frameKind, 'outside-task');
      assert.equal(error.functionName, name);
      assert.match(error.message, instead);
      return true;
    });
  outside(() => task.join(), 'task.join()', /await task\.promise/);
  outside(() => sleep(1), 'sleep()', /node:timers\/promises/);
  outside(() => joinAll([task]), 'joinAll()', /Promise\.all/);
  outside(() => race([task]), 'race()', /Promise\.race/);
});

test('inside a task, under a frame that cannot suspend, the error names that frame', async () => {
  const error = await asAsync(() => {
    try {
      [3, 1, 2].sort((a, b) => (sleep(0), a - b));
    } catch (e) {
      return e;
    }
  })();
  assert.ok(error instanceof GreenContextError);
  assert.equal(error.frameKind, 'native');
  assert.match(error.message, /^sleep\(\) cannot suspend green task/);
});

test('argument errors are TypeError/RangeError', async () => {
  assert.throws(() => spawn(5 as never), { name: 'TypeError', message: 'spawn(): the function must be a function, got number.' });
  await asAsync(() => {
    assert.throws(() => sleep(-1), { name: 'RangeError', message: /finite number ≥ 0, got -1/ });
    assert.throws(() => sleep('1' as never), TypeError);
    assert.throws(() => joinAll('x' as never), TypeError);
    assert.throws(() => joinAll([{}] as never), /a Task/);
  })();
});

test('sync mode: spawn runs the function in place and join returns its outcome', () => {
  configure({ mode: 'sync' });
  try {
    const order: string[] = [];
    const task = spawn(() => {
      order.push('ran');
      return 7;
    });
    order.push('after spawn');
    assert.deepEqual(order, ['ran', 'after spawn']);
    assert.equal(task.join(), 7);
    const failed = spawn(() => {
      throw new Error('sync failure');
    });
    assert.throws(() => failed.join(), /sync failure/);
  } finally {
    configure({ mode: 'async' });
  }
});

test('Task is exported for instanceof and types, without a constructor users could call', async () => {
  const seen: unknown = await asAsync(() => currentTask())();
  assert.ok(seen instanceof Task);
  // Narrowed by instanceof: the instance API is typed.
  if (seen instanceof Task) assert.equal(typeof seen.name, 'string');
  // The typings have no construct signature (the typecheck of this file fails if they get one back).
  const make = (): unknown =>
    // @ts-expect-error tasks are made by spawn(), asAsync(), startLoop() and `greenhack run`, not `new`
    new Task();
  assert.equal(typeof make, 'function');
});
