// Experiment: one copy of a library alone in a process, as the libraries scenario runs it, for a fixed
// number of operations after a warm-up; prints ms per operation and the garbage collections it took
// (count and time, from perf_hooks). Alternate the two copies in fresh processes to compare them.
// Usage: node bench/experiments/library-one-copy.mjs <postcss|semver> <plain|green> [operations]
// e.g.   for i in 1 2 3 4; do for c in plain green; do node bench/experiments/library-one-copy.mjs postcss $c; done; done
import { PerformanceObserver } from 'node:perf_hooks';
import { compileWorkload } from '../lib/common.mjs';
import { LIBRARIES, preparedLibrary } from '../lib/libraries.mjs';

const [name, copy, operations] = process.argv.slice(2);
if (!(name in LIBRARIES) || !['plain', 'green'].includes(copy)) {
  throw new TypeError(`library-one-copy: expected <${Object.keys(LIBRARIES).join('|')}> <plain|green> [operations], got ${process.argv.slice(2).join(' ')}`);
}
const n = Number(operations ?? (name === 'postcss' ? 300 : 2000));
const app = await compileWorkload('libs-app.ts');
const lib = preparedLibrary(name).load(copy);
const [fn, args] = name === 'postcss' ? ['runPostcss', [app.plain.makeCss(300)]] : ['runSemver', [app.plain.VERSIONS, app.plain.RANGES]];
app.plain[fn](lib, ...args, Math.ceil(n / 10));
let collections = 0;
let gcMs = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    collections++;
    gcMs += entry.duration;
  }
});
observer.observe({ entryTypes: ['gc'] });
const start = performance.now();
app.plain[fn](lib, ...args, n);
const ms = performance.now() - start;
await new Promise((resolve) => setTimeout(resolve, 20));
observer.disconnect();
console.log(`${name} ${copy}: ${(ms / n).toFixed(3)} ms/op, ${collections} collections, ${gcMs.toFixed(0)} ms of GC in ${ms.toFixed(0)} ms`);
