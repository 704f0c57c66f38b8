// Event, Semaphore, BoundedSemaphore, Lock, RLock under contention.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAsync, BoundedSemaphore, configure, currentTask, DeadlockError, Event, GreenContextError, hidden, joinAll, Lock, LockError, RLock, Semaphore, sleep, spawn } from 'greenhack';

const echo = hidden(async <T>(value: T): Promise<T> => value, { name: 'echo' });

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

test('Lock: 200 tasks with a hidden call inside the critical section, one holder at a time, in arrival order', async () => {
  const lock = new Lock();
  let inside = 0;
  let peak = 0;
  const order: number[] = [];
  await asAsync(() => {
    const tasks = Array.from({ length: 200 }, (_, i) =>
      spawn(() => {
        lock.acquire();
        try {
          inside++;
          peak = Math.max(peak, inside);
          order.push(i);
          echo(i);
          inside--;
        } finally {
          lock.release();
        }
      }),
    );
    joinAll(tasks);
  })();
  assert.equal(peak, 1);
  assert.deepEqual(order, Array.from({ length: 200 }, (_, i) => i));
  assert.equal(lock.locked(), false);
});

test('control: without the lock the same tasks overlap', async () => {
  let inside = 0;
  let peak = 0;
  await asAsync(() => {
    joinAll(
      Array.from({ length: 200 }, () =>
        spawn(() => {
          inside++;
          peak = Math.max(peak, inside);
          echo(0);
          inside--;
        }),
      ),
    );
  })();
  assert.equal(peak, 200);
});

test('Lock: owner is the holding task; release of an unlocked lock throws LockError; tryAcquire never waits', async () => {
  const lock = new Lock();
  await asAsync(() => {
    assert.equal(lock.tryAcquire(), true);
    assert.equal(lock.tryAcquire(), false);
    const holder = spawn(() => {
      lock.acquire();
      sleep(5);
      lock.release();
    });
    sleep(1);
    assert.equal(lock.owner, currentTask(), 'still held by the first acquire, made by this task');
    lock.release();
    sleep(1);
    assert.equal(lock.owner, holder, 'handed to the waiting task');
    holder.join();
    assert.throws(() => lock.release(), LockError);
  })();
});

test('Semaphore(5): 150 tasks, never more than 5 inside; acquire(timeout) gives up with false', async () => {
  const semaphore = new Semaphore(5);
  let inside = 0;
  let peak = 0;
  let timedOut = 0;
  await asAsync(() => {
    const tasks = Array.from({ length: 150 }, () =>
      spawn(() => {
        semaphore.acquire();
        inside++;
        peak = Math.max(peak, inside);
        echo(0);
        sleep(1);
        inside--;
        semaphore.release();
      }),
    );
    joinAll(tasks);
    for (let i = 0; i < 5; i++) semaphore.acquire();
    if (!semaphore.acquire(5)) timedOut++;
    for (let i = 0; i < 5; i++) semaphore.release();
  })();
  assert.equal(peak, 5);
  assert.equal(timedOut, 1);
  assert.equal(semaphore.value, 5);
});

test('BoundedSemaphore: releasing above the initial value throws LockError', () => {
  const bounded = new BoundedSemaphore(2);
  assert.equal(bounded.tryAcquire(), true);
  bounded.release();
  assert.throws(() => bounded.release(), { name: 'LockError', message: /more times than acquire\(\)/ });
  const plain = new Semaphore(2);
  plain.release();
  assert.equal(plain.value, 3);
  assert.throws(() => new Semaphore(-1), RangeError);
});

test('RLock: the holder re-enters; others wait until it released as often as it acquired; only the holder releases', async () => {
  const rlock = new RLock();
  const log: string[] = [];
  await asAsync(() => {
    rlock.acquire();
    rlock.acquire();
    const other = spawn(() => {
      assert.ok(caught(() => rlock.release()) instanceof LockError);
      rlock.acquire();
      log.push('other has it');
      rlock.release();
    });
    sleep(1);
    log.push('released once');
    rlock.release();
    sleep(1);
    log.push('released twice');
    rlock.release();
    other.join();
  })();
  assert.deepEqual(log, ['released once', 'released twice', 'other has it']);
});

test('Event: 150 waiters all wake on set(); wait(timeout) returns false; wait on a set event returns at once', async () => {
  const event = new Event();
  let woken = 0;
  await asAsync(() => {
    const tasks = Array.from({ length: 150 }, () =>
      spawn(() => {
        assert.equal(event.wait(), true);
        woken++;
      }),
    );
    sleep(1);
    assert.equal(woken, 0);
    event.set();
    joinAll(tasks);
    assert.equal(event.wait(), true);
    event.clear();
    assert.equal(event.isSet(), false);
    assert.equal(event.wait(5), false);
  })();
  assert.equal(woken, 150);
});

test('Event.set() from async code (outside tasks) wakes green waiters', async () => {
  const event = new Event();
  const waiter = spawn(() => event.wait());
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(waiter.state, 'waiting');
  event.set();
  assert.equal(await waiter.promise, true);
});

test('waiting methods outside tasks throw GreenContextError even when they would not wait', () => {
  const event = new Event();
  event.set();
  assert.throws(() => event.wait(), (error: unknown) => error instanceof GreenContextError && /isSet\(\)/.test(error.message));
  assert.throws(() => new Lock().acquire(), (error: unknown) => error instanceof GreenContextError && /tryAcquire\(\)/.test(error.message));
});

test('sync mode: a free lock is taken in place; a wait nothing can end throws DeadlockError', () => {
  configure({ mode: 'sync' });
  try {
    const lock = new Lock();
    assert.equal(lock.acquire(), true);
    assert.throws(() => lock.acquire(), DeadlockError);
    assert.equal(lock.acquire(1), false);
    assert.throws(() => new Event().wait(), DeadlockError);
  } finally {
    configure({ mode: 'async' });
  }
});
