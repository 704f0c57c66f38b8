// Scenario 3, memory per suspended task: 100 000 tasks, each suspended 10 frames deep on a promise that
// is resolved later, vs the same written with async/await. Heap delta after full GCs, one child process
// per variant (run with --expose-gc), so one variant's garbage never lands in the other's measurement.
import { compileWorkload, dist, runChild, settleHeap } from '../lib/common.mjs';

const DEPTH = 10;

export const scenario = {
  name: 'memory',
  title: 'Memory per suspended task',
  isolates: 'heap held by a suspended task: 10 generator frames + Task object vs 10 async frames',
  runs: { full: 3, quick: 1 },
  nodeFlags: ['--expose-gc'],
  // Variants alternate across children: async, green, green with task origins, async, green, …
  jobs: () => [{ job: 'async' }, { job: 'green' }, { job: 'green-origins' }],
};

async function main({ quick, job }) {
  const { asAsync, hidden, configure } = await import(dist('index.js'));
  const m = await compileWorkload('memory.ts');
  const tasks = quick ? 10_000 : 100_000;
  const wait = hidden(m.plain.gateImpl);
  // Task origins are off by default (on under NODE_ENV=development): the third job shows what they cost.
  configure({ taskOrigins: job === 'green-origins' });
  const green = asAsync(m.green.level);
  const start =
    job === 'async' ? (i) => m.plain.alevel(m.plain.gateImpl, DEPTH, i) : (i) => green(wait, DEPTH, i);

  // Warm up the code paths (and check the results) on a few tasks first.
  m.plain.closeGate();
  const warm = Array.from({ length: 1000 }, (_, i) => start(i));
  m.plain.openGate(1);
  await Promise.all(warm);

  m.plain.closeGate();
  const promises = new Array(tasks).fill(undefined);
  const before = await settleHeap();
  for (let i = 0; i < tasks; i++) promises[i] = start(i);
  const during = await settleHeap();
  m.plain.openGate(1);
  const results = await Promise.all(promises);
  const expected = (i) => {
    let y = i, sum = 1;
    for (let d = DEPTH; d >= 1; d--) { y += d; sum += y; }
    return sum;
  };
  for (let i = 0; i < tasks; i += 997) if (results[i] !== expected(i)) throw new Error(`task ${i}: ${results[i]} != ${expected(i)}`);
  return { [job]: { bytesPerTask: (during - before) / tasks, tasks, heapBefore: before, heapDuring: during } };
}

export function rows(get) {
  const base = { label: 'async/await', path: 'async.bytesPerTask', unit: 'B/task' };
  return [
    {
      case: `${get('async.tasks')} tasks × ${DEPTH} frames (default config)`,
      baseline: base,
      subject: { label: 'green task', path: 'green.bytesPerTask', unit: 'B/task' },
      target: { op: '<=', value: 0.6, text: '≤ 0.6×' },
    },
    {
      case: `same, configure({ taskOrigins: true })`,
      baseline: base,
      subject: { label: 'green, with origins', path: 'green-origins.bytesPerTask', unit: 'B/task' },
      target: null,
    },
  ];
}

runChild(import.meta, main);
