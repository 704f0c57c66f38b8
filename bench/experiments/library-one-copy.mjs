// Experiment: one copy of a library alone in a process, as the libraries scenario runs it, for a fixed
// number of operations after a warm-up, each operation timed alone. Prints the 10th, 50th and 90th
// percentile of ms per operation and the garbage collections (count and ms, from perf_hooks, by kind:
// scavenges, incremental marking, major). Alternate the two copies in fresh processes to compare them.
// `task` runs the compiled copy inside a green task, as the scenario's `inside` variant does (each
// operation one task started on the app's green `inTask`); under `--cpu-prof` it gives that variant's profile.
// Usage: node bench/experiments/library-one-copy.mjs <postcss|semver> <plain|green|task> [operations]
// e.g.   for i in 1 2 3 4; do for c in plain green; do node bench/experiments/library-one-copy.mjs postcss $c; done; done
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { compileWorkload, dist } from '../lib/common.mjs';
import { LIBRARIES, libraryWork, preparedLibrary } from '../lib/libraries.mjs';

const [name, copy, operations] = process.argv.slice(2);
if (!(name in LIBRARIES) || !['plain', 'green', 'task'].includes(copy)) {
  throw new TypeError(`library-one-copy: expected <${Object.keys(LIBRARIES).join('|')}> <plain|green|task> [operations], got ${process.argv.slice(2).join(' ')}`);
}
const n = Number(operations ?? (name === 'postcss' ? 300 : 2000));
const app = await compileWorkload('libs-app.ts');
const lib = preparedLibrary(name).load(copy === 'plain' ? 'plain' : 'green');
const [fn, args] = libraryWork(name, app);
let operate = (count) => app.plain[fn](lib, ...args, count);
if (copy === 'task') {
  const { asAsync } = await import(dist('index.js'));
  const task = asAsync(app.green.inTask);
  operate = (count) => task(app.green[fn], lib, ...args, count);
}
await operate(Math.ceil(n / 10));

const KINDS = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major' };
const gc = {};
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = KINDS[entry.detail?.kind] ?? 'other';
    gc[kind] ??= { count: 0, ms: 0 };
    gc[kind].count++;
    gc[kind].ms += entry.duration;
  }
});
observer.observe({ entryTypes: ['gc'] });
const times = [];
for (let i = 0; i < n; i++) {
  const start = performance.now();
  const done = operate(1);
  if (copy === 'task') await done;
  times.push(performance.now() - start);
}
await new Promise((resolve) => setTimeout(resolve, 20));
observer.disconnect();
times.sort((a, b) => a - b);
const at = (p) => times[Math.floor(p * (times.length - 1))].toFixed(3);
const collections = Object.entries(gc).map(([kind, { count, ms }]) => `${count} ${kind} (${ms.toFixed(0)} ms)`).join(', ');
console.log(`${name} ${copy}: ms/op p10 ${at(0.1)}, p50 ${at(0.5)}, p90 ${at(0.9)}; ${collections} in ${times.reduce((a, b) => a + b, 0).toFixed(0)} ms`);
