// Closures nested deep inside a twin are compiled only as twins, behind a wrapper that drives the twin
// when code that cannot suspend calls it (docs/code-growth.md). What a plain call of the original does,
// the driven twin must do: the same GreenContextError naming the same frame, the sync implementation,
// no async work started; a task started from inside it still suspends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { asAsync, GreenContextError, hidden, isGreen, sleep } from 'greenhack';

let started = 0;
const load = hidden(async (id: number) => {
  started++;
  await new Promise((resolve) => setImmediate(resolve));
  return id * 10;
}, { name: 'load' });
const loadWithSync = hidden(async (id: number) => {
  await new Promise((resolve) => setImmediate(resolve));
  return id * 10;
}, { name: 'loadWithSync', sync: (id: number) => -id });

function run<T>(f: () => T): T {
  return f();
}

/**
 * The closures handed to `use` are three deep in `nest`, which has a twin: inside a task, twin-only. (They
 * use `offset`, which is written, so their twins cannot be lifted instead: plan-lifted-twins.ts.)
 */
function nest<T>(use: (cmp: (a: number, b: number) => number, each: (n: number) => unknown) => T): T {
  let offset = 0;
  offset *= 1;
  return run(() => run(() => use((a, b) => load(a) - b + offset, (n) => loadWithSync(n + offset))));
}

function kindOf(error: unknown): string {
  assert.ok(error instanceof GreenContextError, `expected GreenContextError, got ${String(error)}`);
  return error.frameKind;
}

test('inside a task the callback is a wrapper (its source text is not the closure\'s), and green calls still suspend', async () => {
  const seen = await asAsync(() => nest((cmp) => [String(cmp).includes('load(a)'), run(() => cmp(3, 1))]))();
  assert.deepEqual(seen, [false, 29]);
  assert.deepEqual(nest((cmp) => [String(cmp).includes('load(a)')]), [true], 'outside tasks the original is written as it was');
});

test('called by native sort in a task: the GreenContextError a plain original gives, naming sort, and no async work started', async () => {
  const before = started;
  const error = await asAsync(() => nest((cmp) => [3, 1, 2].sort(cmp))).call(undefined).then(() => undefined, (e: unknown) => e);
  assert.equal(kindOf(error), 'native');
  assert.match((error as Error).message, /cannot suspend green task/);
  assert.match((error as Error).message, /sort/);
  assert.equal(started, before, 'the async implementation must not have been started');
});

test('called by an EventEmitter in a task: the same error; a hidden function with `sync` runs it', async () => {
  const emitter = new EventEmitter();
  const results: unknown[] = [];
  const error = await asAsync(() =>
    nest((cmp, each) => {
      emitter.on('n', (n: number) => results.push(each(n)));
      emitter.emit('n', 4);
      emitter.on('bad', (n: number) => cmp(n, 0));
      emitter.emit('bad', 1);
    }),
  )().then(() => undefined, (e: unknown) => e);
  assert.deepEqual(results, [-4]);
  assert.equal(kindOf(error), 'native');
  assert.match((error as Error).message, /emit/);
});

test('called after its task ended, outside any task: the outside-task error, or the sync implementation', async () => {
  const kept = await asAsync(() => nest((cmp, each) => ({ cmp, each })))();
  assert.equal(kept.each(5), -5);
  assert.throws(() => kept.cmp(1, 2), (e: unknown) => kindOf(e) === 'outside-task');
  // From green code in a new task, the same closures suspend again.
  assert.equal(await asAsync(() => kept.cmp(2, 1))(), 19);
});

test('a toolkit primitive reached from a driven closure does what its plain version does', async () => {
  const error = await asAsync(() => run(() => run(() => [2, 1].sort(() => (sleep(1), 0)))))().then(() => undefined, (e: unknown) => e);
  assert.equal(kindOf(error), 'native');
  assert.match((error as Error).message, /sleep\(\)/);
});

test('a task started from inside a driven closure can suspend; isGreen() answers for each', async () => {
  const answers: unknown[] = [];
  const inner: Promise<unknown>[] = [];
  await asAsync(() =>
    run(() =>
      run(() =>
        [2, 1].sort((a, b) => {
          answers.push(isGreen(), a);
          inner.push(asAsync(() => run(() => [isGreen(), load(a)]))());
          return a - b;
        }),
      ),
    ),
  )();
  assert.equal(answers[0], false);
  assert.deepEqual(await Promise.all(inner), [[true, (answers[1] as number) * 10]]);
});

test('a task started from inside a driven closure names its own boundary, not the drive below it', async () => {
  const cart = {
    get total(): number {
      return load(1);
    },
  };
  const inner: Promise<unknown>[] = [];
  await asAsync(() => run(() => run(() => [2, 1].sort(() => (inner.push(asAsync(() => run(() => cart.total))()), 0)))))();
  const error = await inner[0]!.then(() => undefined, (e: unknown) => e);
  assert.equal(kindOf(error), 'getter');
  assert.match((error as Error).message, /get total/);
});
