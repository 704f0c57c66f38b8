// Experiment: the `calls` scenario's array case (runArrays in bench/workloads/calls.ts) alone, untransformed
// vs compiled inside a task, interleaved in one process; prints µs per runArrays(1) and the median
// per-round ratio. Usage: node scripts/build.mjs && node bench/experiments/array-callbacks.mjs [rounds]
import { compileWorkload, dist, median } from '../lib/common.mjs';

const rounds = Number(process.argv[2] ?? 15);
const { asAsync } = await import(dist('index.js'));
const m = await compileWorkload('calls.ts');
const inTask = asAsync(m.green.runArrays);
const variants = { untransformed: (n) => m.plain.runArrays(n), outside: (n) => m.green.runArrays(n), inside: (n) => inTask(n) };
const names = Object.keys(variants);
const times = new Map(names.map((name) => [name, []]));
const n = 2000;
for (let round = 0; round < rounds + 3; round++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + round) % names.length];
    const t0 = process.hrtime.bigint();
    await variants[name](n);
    if (round >= 3) times.get(name).push(Number(process.hrtime.bigint() - t0) / n / 1e3);
  }
}
for (const name of names) {
  const ratio = median(times.get(name).map((t, i) => t / times.get('untransformed')[i]));
  console.log(`${name.padEnd(14)} ${median(times.get(name)).toFixed(2).padStart(7)} µs per runArrays(1)   ÷ untransformed ${ratio.toFixed(2)}×`);
}
