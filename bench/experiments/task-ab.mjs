// Experiment: the Task runtime of two builds side by side in one process, where the shared machine's noise
// cancels out (handler-level runs vary by ±0.2× between runs; the Task's part of a request is ~0.1×).
// Each build's `runtime/task.js` is its own module instance, so the two `Task` classes run independently.
// CPU: a task made, started, suspended once on a settled promise and finished, 64 at a time. Memory: B per
// task suspended on a pending promise, 100 000 tasks, each build in turn.
// Usage: node --expose-gc bench/experiments/task-ab.mjs <other dist dir>   (e.g. a build of main in /tmp/base/dist)
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compare, dist, settleHeap } from '../lib/common.mjs';

const other = process.argv[2];
if (!other) throw new Error('usage: node --expose-gc bench/experiments/task-ab.mjs <other dist dir>');
const builds = {
  this: await import(dist('runtime/task.js')),
  other: await import(pathToFileURL(join(other, 'runtime/task.js')).href),
};
function* body(promise, x) {
  const value = yield promise;
  return value + x;
}
const settled = Promise.resolve(1);
function startedBy() {}
const batches = (Task) => async (n) => {
  for (let done = 0; done < n; done += 64) {
    const promises = [];
    for (let i = 0; i < 64; i++) promises.push(new Task(body(settled, i), 'body', startedBy).start());
    await Promise.all(promises);
  }
};
const units = (n) => Math.ceil(n / 64) * 64;
const result = await compare(
  [
    { name: 'other', run: batches(builds.other.Task), units },
    { name: 'this', run: batches(builds.this.Task), units },
  ],
  { measure: 'cpu', rounds: 15, sampleMs: 80 },
);
for (const [name, r] of Object.entries(result)) console.log(`cpu ${name.padEnd(6)} ${r.nsPerUnit.toFixed(0).padStart(5)} ns/task  ${r.pairedRatio.toFixed(3)}× (paired)`);

const N = 100_000;
for (const name of ['other', 'this', 'other', 'this']) {
  const { Task } = builds[name];
  let open;
  const gate = new Promise((resolve) => (open = resolve));
  const promises = new Array(N).fill(0);
  const before = await settleHeap();
  for (let i = 0; i < N; i++) promises[i] = new Task(body(gate, i), 'body', startedBy).start();
  const during = await settleHeap();
  console.log(`memory ${name.padEnd(6)} ${((during - before) / N).toFixed(0)} B/task`);
  open(1);
  await Promise.all(promises);
}
