// Experiment: what the shape of a task driver costs, apart from greenhack. The same one-frame generator is
// driven three ways: (1) `then`: greenhack's shape, an object per task with a promise made by
// `new Promise(executor)` (resolving functions kept) and two resume callbacks bound once per task, passed to
// `promise.then` at each suspension; (2) `async`: one async function per task whose promise is the task's,
// looping `value = await awaited` (V8 makes the await's callbacks, per await, and the async function's
// promise needs no resolving functions); (3) `minimal`: bench/lib's driveMinimally, a closure per task.
// Memory: B per task, 100 000 tasks suspended on one pending promise. CPU: ns per task made, suspended three
// times on a settled promise and finished, 64 at a time, the shapes interleaved in one process.
// Usage: node --expose-gc bench/experiments/driver-shapes.mjs
import { compare, driveMinimally, settleHeap } from '../lib/common.mjs';

function* body(promise, x) {
  const a = yield promise;
  const b = yield promise;
  const c = yield promise;
  return a + b + c + x;
}

const NEXT = 0;
const THROW = 1;

/** Greenhack's shape (task.ts), without its bookkeeping. */
class ThenTask {
  constructor(chain) {
    this.chain = chain;
    this.waitingOn = undefined;
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.onValue = (value) => this.step(NEXT, value);
    this.onError = (error) => this.step(THROW, error);
  }

  start() {
    this.step(NEXT, undefined);
    return this.promise;
  }

  step(how, value) {
    this.waitingOn = undefined;
    let result;
    try {
      result = how === NEXT ? this.chain.next(value) : this.chain.throw(value);
    } catch (error) {
      this.reject(error);
      return;
    }
    if (result.done) this.resolve(result.value);
    else {
      const promise = result.value instanceof Promise ? result.value : Promise.resolve(result.value);
      this.waitingOn = promise;
      promise.then(this.onValue, this.onError);
    }
  }
}

/** The same with an async function per task as the driver: `step` returns the next awaited value, or the task when done. */
class AsyncTask {
  constructor(chain) {
    this.chain = chain;
    this.waitingOn = undefined;
    this.outcome = undefined;
    this.failed = false;
  }

  start() {
    const awaited = this.step(NEXT, undefined);
    return awaited === this ? settled(this) : drive(this, awaited);
  }

  step(how, value) {
    this.waitingOn = undefined;
    let result;
    try {
      result = how === NEXT ? this.chain.next(value) : this.chain.throw(value);
    } catch (error) {
      this.failed = true;
      this.outcome = error;
      return this;
    }
    if (result.done) {
      this.outcome = result.value;
      return this;
    }
    this.waitingOn = result.value;
    return result.value;
  }
}

async function drive(task, awaited) {
  do {
    try {
      awaited = task.step(NEXT, await awaited);
    } catch (error) {
      awaited = task.step(THROW, error);
    }
  } while (awaited !== task);
  if (task.failed) throw task.outcome;
  return task.outcome;
}

async function settled(task) {
  if (task.failed) throw task.outcome;
  return task.outcome;
}

const shapes = {
  then: (promise, x) => new ThenTask(body(promise, x)).start(),
  async: (promise, x) => new AsyncTask(body(promise, x)).start(),
  minimal: (promise, x) => driveMinimally(body(promise, x)),
};

const N = 100_000;
for (const name of ['then', 'async', 'minimal', 'then', 'async', 'minimal']) {
  const start = shapes[name];
  let open;
  const gate = new Promise((resolve) => (open = resolve));
  const promises = new Array(N).fill(0);
  const before = await settleHeap();
  for (let i = 0; i < N; i++) promises[i] = start(gate, i);
  const during = await settleHeap();
  console.log(`memory ${name.padEnd(8)} ${((during - before) / N).toFixed(0)} B/task`);
  open(1);
  await Promise.all(promises);
}

const ready = Promise.resolve(1);
const batches = (start) => async (n) => {
  for (let done = 0; done < n; done += 64) {
    const promises = [];
    for (let i = 0; i < 64; i++) promises.push(start(ready, i));
    await Promise.all(promises);
  }
};
const units = (n) => Math.ceil(n / 64) * 64;
const result = await compare(
  Object.entries(shapes).map(([name, start]) => ({ name, run: batches(start), units })),
  { measure: 'cpu', rounds: 15, sampleMs: 80 },
);
for (const [name, r] of Object.entries(result)) console.log(`cpu ${name.padEnd(8)} ${r.nsPerUnit.toFixed(0).padStart(5)} ns/task  ${r.pairedRatio.toFixed(3)}× (paired, vs then)`);
