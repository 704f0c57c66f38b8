// Queue (bounded, put/get waiting in the task, taskDone/join) and Pool (bounded concurrency, map).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAsync, Cancelled, hidden, joinAll, Pool, Queue, QueueEmpty, QueueFull, sleep, spawn } from 'greenhack';

const echo = hidden(async <T>(value: T): Promise<T> => value, { name: 'echo' });

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

test('Queue(5): 10 producers and 10 consumers move 1000 items, each exactly once, never more than 5 queued', async () => {
  const queue = new Queue<number>(5);
  const received: number[] = [];
  let maxSize = 0;
  await asAsync(() => {
    const producers = Array.from({ length: 10 }, (_, p) =>
      spawn(() => {
        for (let i = 0; i < 100; i++) {
          queue.put(p * 100 + i);
          maxSize = Math.max(maxSize, queue.size);
          if (i % 7 === 0) echo(0);
        }
      }),
    );
    const consumers = Array.from({ length: 10 }, () =>
      spawn(() => {
        for (let i = 0; i < 100; i++) {
          received.push(queue.get());
          if (i % 3 === 0) echo(0);
        }
      }),
    );
    joinAll([...producers, ...consumers]);
  })();
  assert.equal(maxSize, 5);
  assert.deepEqual([...received].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
  assert.equal(queue.size, 0);
});

test('Queue: items come out in order; waiting gets are served in arrival order', async () => {
  const queue = new Queue<string>();
  const got: string[] = [];
  await asAsync(() => {
    const readers = Array.from({ length: 120 }, (_, i) => spawn(() => got.push(`${i}:${queue.get()}`)));
    sleep(1);
    for (let i = 0; i < 120; i++) queue.put(`item${i}`);
    joinAll(readers);
  })();
  assert.deepEqual(got, Array.from({ length: 120 }, (_, i) => `${i}:item${i}`));
});

test('Queue.join waits until every item got taskDone()', async () => {
  const queue = new Queue<number>();
  const log: string[] = [];
  await asAsync(() => {
    for (let i = 0; i < 3; i++) queue.put(i);
    spawn(() => {
      for (let i = 0; i < 3; i++) {
        const item = queue.get();
        sleep(1);
        log.push(`done ${item}`);
        queue.taskDone();
      }
    });
    queue.join();
    log.push('joined');
  })();
  assert.deepEqual(log, ['done 0', 'done 1', 'done 2', 'joined']);
  assert.throws(() => queue.taskDone(), RangeError);
});

test('Queue nowait methods and time limits', async () => {
  const queue = new Queue<number>(1);
  queue.putNowait(1);
  assert.throws(() => queue.putNowait(2), QueueFull);
  assert.equal(queue.full(), true);
  assert.equal(queue.getNowait(), 1);
  assert.throws(() => queue.getNowait(), QueueEmpty);
  await asAsync(() => {
    assert.ok(caught(() => queue.get(5)) instanceof QueueEmpty);
    queue.put(1);
    assert.ok(caught(() => queue.put(2, 5)) instanceof QueueFull);
    assert.equal(queue.size, 1);
  })();
  assert.throws(() => new Queue(0), RangeError);
});

test('a put waiting on a full queue and then cancelled never adds its item', async () => {
  const queue = new Queue<string>(1);
  await asAsync(() => {
    queue.put('first');
    const writer = spawn(() => queue.put('cancelled'));
    const other = spawn(() => queue.put('second'));
    sleep(1);
    writer.cancel();
    assert.equal(queue.get(), 'first');
    assert.equal(queue.get(), 'second');
    other.join();
    assert.ok(caught(() => writer.join()) instanceof Cancelled);
  })();
  assert.equal(queue.size, 0);
});

test('Pool(7).map over 200 items: results in order, never more than 7 at once', async () => {
  const pool = new Pool(7);
  let running = 0;
  let peak = 0;
  const results = await asAsync(() =>
    pool.map((item: number, index: number) => {
      running++;
      peak = Math.max(peak, running);
      echo(item);
      if (index % 3 === 0) sleep(1);
      running--;
      return item * 10 + (index === item ? 0 : 1);
    }, Array.from({ length: 200 }, (_, i) => i)),
  )();
  assert.deepEqual(results, Array.from({ length: 200 }, (_, i) => i * 10));
  assert.equal(peak, 7);
  assert.equal(pool.running, 0);
  assert.equal(pool.free(), 7);
});

test('Pool.map: a failure cancels the tasks still running and is thrown', async () => {
  const pool = new Pool(3);
  const finished: number[] = [];
  const error = await asAsync(() =>
    caught(() =>
      pool.map((item: number) => {
        if (item === 1) {
          sleep(1);
          throw new Error(`item ${item} failed`);
        }
        sleep(item === 0 ? 5 : 60_000);
        finished.push(item);
      }, [0, 1, 2, 3, 4, 5]),
    ),
  )();
  assert.equal((error as Error).message, 'item 1 failed');
  assert.deepEqual(finished, [0]);
  assert.equal(pool.running, 0);
});

test('Pool.spawn waits for a free slot; Pool.join waits for all', async () => {
  const pool = new Pool(2);
  const log: string[] = [];
  await asAsync(() => {
    for (let i = 0; i < 5; i++) {
      pool.spawn((n: number) => {
        sleep(2);
        log.push(`done ${n}`);
      }, i);
      log.push(`spawned ${i}, ${pool.running} running`);
    }
    pool.join();
  })();
  assert.deepEqual(log.filter((line) => line.startsWith('spawned')).map((line) => Number(line.split(', ')[1]![0])), [1, 2, 2, 2, 2]);
  assert.equal(log.filter((line) => line.startsWith('done')).length, 5);
  assert.equal(pool.running, 0);
});
