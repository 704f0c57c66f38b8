// Task-local state: AsyncLocalStorage across suspensions, in hidden implementations, never leaking;
// green als.run / enterWith; local().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { asAsync, currentSignal, currentTask, hidden, joinAll, local, sleep, spawn, timeout, Queue } from 'greenhack';

const request = new AsyncLocalStorage<string>();

// A hidden implementation reads the store before and after its own await.
const seenByImpl = hidden(
  async (label: string): Promise<string> => {
    const before = request.getStore();
    await new Promise((resolve) => setTimeout(resolve, 1));
    return `${label}:${before}/${request.getStore()}`;
  },
  { name: 'seenByImpl' },
);

test('a store entered before asAsync is seen in the task after every suspension and in hidden implementations', async () => {
  const view = asAsync((label: string) => {
    const seen = [request.getStore()];
    seen.push(seenByImpl(label));
    sleep(1);
    seen.push(request.getStore());
    const child = spawn(() => (sleep(1), request.getStore()));
    seen.push(child.join());
    return seen;
  });
  const results = await Promise.all(Array.from({ length: 120 }, (_, i) => request.run(`req${i}`, () => view(`call${i}`))));
  assert.deepEqual(
    results,
    Array.from({ length: 120 }, (_, i) => [`req${i}`, `call${i}:req${i}/req${i}`, `req${i}`, `req${i}`]),
  );
  assert.equal(request.getStore(), undefined);
});

test('stores entered inside tasks never leak into other tasks or into the caller', async () => {
  const queue = new Queue<number>();
  const mismatches: string[] = [];
  const caller = await request.run('caller', async () => {
    await asAsync(() => {
      const tasks = Array.from({ length: 150 }, (_, i) =>
        spawn(() => {
          request.enterWith(`task${i}`);
          for (let step = 0; step < 3; step++) {
            if (step === 1) queue.get();
            else sleep(step);
            if (request.getStore() !== `task${i}`) mismatches.push(`task${i} saw ${request.getStore()}`);
          }
        }),
      );
      sleep(1);
      for (let i = 0; i < 150; i++) queue.put(i);
      joinAll(tasks);
      if (request.getStore() !== 'caller') mismatches.push(`spawner saw ${request.getStore()}`);
    })();
    return request.getStore();
  });
  assert.deepEqual(mismatches, []);
  assert.equal(caller, 'caller');
  // A task's first step runs synchronously inside its caller: what it enters stays in the task.
  const outside = await request.run('outer', async () => {
    const started = asAsync(() => {
      request.enterWith('inner');
      sleep(1);
      return request.getStore();
    })();
    const during = request.getStore();
    return [during, await started, request.getStore()];
  });
  assert.deepEqual(outside, ['outer', 'inner', 'outer']);
});

/** A tracing context manager written on AsyncLocalStorage, as tracers do it. */
const spans = new AsyncLocalStorage<{ name: string; parent?: string }>();
function withSpan<T>(name: string, fn: () => T): T {
  return spans.run({ name, parent: spans.getStore()?.name }, fn);
}
const traced = hidden(
  async (what: string): Promise<string> => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const span = spans.getStore();
    return `${what} in ${span?.name} (parent ${span?.parent})`;
  },
  { name: 'traced' },
);

test('a context manager built on AsyncLocalStorage works unchanged: als.run around code that suspends', async () => {
  const log = await asAsync(() => {
    const out: string[] = [];
    withSpan('request', () => {
      out.push(traced('load'));
      withSpan('db', () => {
        sleep(1);
        out.push(traced('query'));
      });
      out.push(traced('render'));
    });
    out.push(`after: ${spans.getStore()?.name}`);
    return out;
  })();
  assert.deepEqual(log, ['load in request (parent undefined)', 'query in db (parent request)', 'render in request (parent undefined)', 'after: undefined']);
});

test('the context survives cancellation: finally blocks of a cancelled task still see it', async () => {
  let inFinally: string | undefined;
  await request.run('cancelled-request', async () => {
    const task = spawn(() => {
      try {
        sleep(60_000);
      } finally {
        inFinally = request.getStore();
      }
    });
    await new Promise((resolve) => setImmediate(resolve));
    await request.run('canceller', async () => {
      task.cancel();
      await assert.rejects(task.promise);
    });
  });
  assert.equal(inFinally, 'cancelled-request');
});

test('local(): default, set in a task seen by that task and its later children only, run() scoped across suspensions', async () => {
  const user = local<string>({ default: 'nobody' });
  const results = await asAsync(() => {
    const before = spawn(() => (sleep(2), user.get()));
    user.set('alice');
    const after = spawn(() => (sleep(1), user.get()));
    const scoped = user.run('bob', (suffix: string) => {
      sleep(1);
      return `${user.get()}${suffix}`;
    }, '!');
    return [before.join(), after.join(), scoped, user.get()];
  })();
  assert.deepEqual(results, ['nobody', 'alice', 'bob!', 'alice']);
  assert.equal(user.get(), 'nobody');
  const others = await Promise.all(Array.from({ length: 100 }, (_, i) => asAsync(() => (user.set(`u${i}`), sleep(1), user.get()))()));
  assert.deepEqual(others, Array.from({ length: 100 }, (_, i) => `u${i}`));
  assert.equal(user.get(), 'nobody');
});

// Waits on a hidden call (not a toolkit primitive) until the driver aborts it: only an out-of-band resume ends it.
const stalled = hidden(
  async (): Promise<void> => {
    const signal = currentSignal()!;
    await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
  },
  { name: 'stalled' },
);

test('out-of-band resumes run in the context the task is suspended in: cancelled or timed out inside als.run', async () => {
  const seen: Record<string, unknown> = {};
  // A spawned task, cancelled from another context while it waits inside a green als.run.
  await request.run('spawner', async () => {
    const task = spawn(() => {
      request.run('inside-run', () => {
        try {
          stalled();
        } finally {
          seen.spawnedFinally = request.getStore();
        }
      });
    });
    await new Promise((resolve) => setImmediate(resolve));
    await request.run('canceller', async () => {
      task.cancel();
      await assert.rejects(task.promise);
    });
  });
  // A task started by asAsync whose handle it handed out itself (currentTask()).
  let handle: ReturnType<typeof currentTask>;
  const started = request.run('maker', () =>
    asAsync(() => {
      handle = currentTask();
      request.run('inside-run', () => {
        try {
          stalled();
        } finally {
          seen.handleFinally = request.getStore();
        }
      });
    })(),
  );
  await new Promise((resolve) => setImmediate(resolve));
  request.run('canceller', () => handle!.cancel());
  await assert.rejects(started);
  // A timeout whose deadline passes while the body waits inside a green als.run.
  seen.timeout = await request.run('maker', () =>
    asAsync(() => {
      try {
        timeout(5, () =>
          request.run('inside-run', () => {
            try {
              stalled();
            } finally {
              seen.timeoutFinally = request.getStore();
            }
          }),
        );
      } catch (error) {
        return [(error as Error).name, request.getStore()];
      }
    })(),
  );
  assert.deepEqual(seen, {
    spawnedFinally: 'inside-run',
    handleFinally: 'inside-run',
    timeoutFinally: 'inside-run',
    timeout: ['Timeout', 'maker'],
  });
});

test('what a task enters in its first step, before it first suspends, stays in the task', async () => {
  const user = local<string>({ default: 'nobody' });
  const outside = await request.run('caller', async () => {
    const inRun = asAsync(() => request.run('in-run', () => (sleep(1), request.getStore())))();
    const afterRun = request.getStore();
    const entered = asAsync(() => {
      request.enterWith('entered');
      user.set('set-in-task');
      request.run('nested', () => sleep(1));
      return [request.getStore(), user.get()];
    })();
    return [afterRun, request.getStore(), user.get(), await inRun, await entered, request.getStore(), user.get()];
  });
  assert.deepEqual(outside, ['caller', 'caller', 'nobody', 'in-run', ['entered', 'set-in-task'], 'caller', 'nobody']);
});

test('first steps nest: a task started in another task\'s first step undoes what it entered, and the outer task still undoes its own', async () => {
  let seenAfterInner: string | undefined;
  let inner: Promise<string | undefined> | undefined;
  const outside = await request.run('caller', async () => {
    const outer = asAsync(() => {
      request.enterWith('outer-1');
      inner = asAsync(() => {
        request.enterWith('inner');
        sleep(1);
        return request.getStore();
      })();
      seenAfterInner = request.getStore();
      request.enterWith('outer-2');
      sleep(1);
      return request.getStore();
    })();
    return [request.getStore(), await outer, await inner];
  });
  assert.deepEqual([seenAfterInner, ...outside], ['outer-1', 'caller', 'outer-2', 'inner']);
});
